package org.spinecds.server.fhir;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Library;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.StringType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.knowledge.DefineParameters;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.DefineResults;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;

/**
 * {@code POST /fhir/Library/{id}/$evaluate}: the value of every define of a library (or of those named in
 * {@code expression}) for the patient in the posted {@code data} Bundle, as {@code Parameters}, after the CPG
 * {@code Library/$evaluate} signature. The rules run exactly as the services run them: the same precompiled ELM,
 * value sets and site parameter values, at {@code evaluationDateTime} (a spinecds addition; now by default).
 *
 * <p>It takes patient data, so it is registered only when {@code spinecds.knowledge.evaluate-enabled} is set (the
 * local profile). A wrong request is a 4xx OperationOutcome; nothing of the posted data is ever logged or put in a
 * message, only names the caller chose (libraries, defines) are.
 */
final class LibraryEvaluateOperation {

    private static final Logger LOG = LoggerFactory.getLogger(LibraryEvaluateOperation.class);

    private final CqlEvaluator evaluator;
    private final SiteSettings site;
    private final Clock clock;

    LibraryEvaluateOperation(CqlEvaluator evaluator, SiteSettings site, Clock clock) {
        this.evaluator = evaluator;
        this.site = site;
        this.clock = clock;
    }

    @Operation(name = "$evaluate", type = Library.class, idempotent = false)
    public Parameters evaluate(@IdParam IdType id,
            @OperationParam(name = "subject") StringType subject,
            @OperationParam(name = "expression", max = OperationParam.MAX_UNLIMITED) List<StringType> expressions,
            @OperationParam(name = "data") Bundle data,
            @OperationParam(name = "parameters") Parameters cqlParameters,
            @OperationParam(name = "useServerData") BooleanType useServerData,
            @OperationParam(name = "evaluationDateTime") DateTimeType evaluationDateTime) {
        String library = id.getIdPart();
        if (!evaluator.libraries().names().contains(library)) {
            throw new ResourceNotFoundException(id);
        }
        if (data == null) {
            throw new InvalidRequestException("Send the patient's data as a Bundle in the parameter 'data'");
        }
        if (cqlParameters != null) {
            throw new InvalidRequestException("The parameter 'parameters' is not taken: the rules run with this"
                    + " site's values, as the services do");
        }
        if (useServerData != null && useServerData.booleanValue()) {
            throw new InvalidRequestException("This server holds no patient data: set useServerData to false and"
                    + " send the data in 'data'");
        }
        List<IBaseResource> resources = data.getEntry().stream().filter(Bundle.BundleEntryComponent::hasResource)
                .map(entry -> (IBaseResource) entry.getResource()).toList();
        PatientData patientData = PatientData.of(patientId(subject, resources), resources);
        DefineResults results = evaluate(library, patientData, evaluationTime(evaluationDateTime));
        List<String> defines = expressions == null || expressions.isEmpty()
                ? List.copyOf(results.names())
                : expressions.stream().map(StringType::getValue).toList();
        Set<String> known = results.names();
        defines.stream().filter(define -> !known.contains(define)).findFirst().ifPresent(define -> {
            throw new InvalidRequestException("Library " + library + " has no define \"" + define + "\"");
        });
        return DefineParameters.of(results, defines);
    }

    /** The subject's id ({@code Patient/x} or {@code x}), or else the id of the Bundle's one Patient. */
    private static String patientId(StringType subject, List<IBaseResource> resources) {
        List<String> patients = resources.stream().filter(r -> "Patient".equals(r.fhirType()))
                .map(r -> r.getIdElement().getIdPart()).toList();
        String wanted = subject == null || subject.isEmpty() ? null : subject.getValue().replaceFirst("^Patient/", "");
        if (wanted == null && patients.size() == 1) {
            return patients.get(0);
        }
        if (wanted != null && patients.contains(wanted)) {
            return wanted;
        }
        throw new InvalidRequestException(wanted == null
                ? "The data must hold exactly one Patient, or 'subject' must say which (Patient/<id>)"
                : "The data holds no Patient with the subject's id");
    }

    private ZonedDateTime evaluationTime(DateTimeType evaluationDateTime) {
        if (evaluationDateTime == null || evaluationDateTime.getValue() == null) {
            return ZonedDateTime.now(clock);
        }
        ZoneOffset offset = evaluationDateTime.getTimeZone() == null ? ZoneOffset.UTC
                : ZoneOffset.ofTotalSeconds(evaluationDateTime.getTimeZone().getRawOffset() / 1000);
        return ZonedDateTime.ofInstant(evaluationDateTime.getValue().toInstant(), offset);
    }

    private DefineResults evaluate(String library, PatientData data, ZonedDateTime now) {
        try {
            return evaluator.evaluate(library, data, site.parameters(), now);
        } catch (RuntimeException e) {
            // The engine's message may quote the data: only the kind of failure is logged.
            LOG.warn("Library/{}/$evaluate: the CQL engine failed ({})", library, e.getClass().getSimpleName());
            throw new UnprocessableEntityException("The rules could not be evaluated on this data");
        }
    }
}
