package org.spinecds.cql.engine;

import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.apache.commons.lang3.tuple.Pair;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.EvaluationResultsForMultiLib;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.model.ModelResolver;
import org.spinecds.cql.data.InMemoryRetrieveProvider;
import org.spinecds.cql.data.PatientData;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;

import ca.uhn.fhir.context.FhirContext;

/**
 * Evaluates a CQL library over one patient's in-memory data: {@code evaluate(library, data, parameters, now)}.
 *
 * <p>Everything expensive (ELM, value sets, the FHIR model resolver) is built once in {@link #create()}. Each call
 * gets a fresh {@link CqlEngine}: an engine keeps an expression cache that is only cleared when the patient id
 * changes, so a reused engine would answer with a previous request's data for the same patient.
 */
public final class CqlEvaluator {

    private static final String FHIR_MODEL_URI = "http://hl7.org/fhir";

    private final ElmLibraries libraries;
    private final InMemoryTerminologyProvider terminology;
    private final ModelResolver modelResolver;
    private final ThreadSafeSystemDataProvider systemData;
    private final FunctionResolutions functionResolutions = new FunctionResolutions();
    private final RetrievableCodes retrievableCodes;
    private final List<VersionedIdentifier> libraryIdentifiers;

    CqlEvaluator(ElmLibraries libraries, InMemoryTerminologyProvider terminology, ModelResolver modelResolver,
            ThreadSafeSystemDataProvider systemData) {
        this.libraries = libraries;
        this.terminology = terminology;
        this.retrievableCodes = RetrievableCodes.of(libraries, terminology);
        this.libraryIdentifiers = libraries.identifiers();
        this.modelResolver = modelResolver;
        this.systemData = systemData;
    }

    /**
     * Loads the bundled ELM and value sets and builds the R4 model resolver. Call once, single-threaded, at start-up:
     * the resolver registers types on its FHIR context while it initialises.
     */
    public static CqlEvaluator create() {
        // The rules (ELM, then their value sets) and the model resolver take about a second each to load, cold, and
        // do not depend on each other: they load side by side. The resolver is still built by one thread alone.
        CompletableFuture<LoadedRules> rules = CompletableFuture.supplyAsync(LoadedRules::load);
        R4FhirModelResolver modelResolver = new CachingR4ModelResolver();
        LoadedRules loaded = join(rules);
        CqlEvaluator evaluator = new CqlEvaluator(loaded.libraries(), loaded.terminology(), modelResolver,
                new ThreadSafeSystemDataProvider());
        evaluator.warmUp();
        return evaluator;
    }

    private record LoadedRules(ElmLibraries libraries, InMemoryTerminologyProvider terminology) {

        static LoadedRules load() {
            ElmLibraries libraries = ElmLibraries.loadFromClasspath();
            return new LoadedRules(libraries, InMemoryTerminologyProvider.loadFromClasspath(FhirContext.forR4Cached(),
                    libraries.declaredValueSetUrls()));
        }
    }

    /** The loaded rules, or the loading's own exception (a missing value set, a broken ELM file). */
    private static LoadedRules join(CompletableFuture<LoadedRules> rules) {
        try {
            return rules.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /**
     * Evaluates every library once on an empty patient, to take class loading and the first-call cost off the first
     * patient. It is not what makes concurrent requests safe (that is {@link ThreadSafeSystemDataProvider}'s job): an
     * empty patient has no codes or concepts, so it leaves most of the engine's lazily filled paths unvisited.
     */
    private void warmUp() {
        Patient patient = new Patient();
        patient.setId("warm-up");
        patient.setBirthDateElement(new DateType("1970-01-01"));
        PatientData data = PatientData.of("warm-up", List.of(patient));
        for (String name : libraries.names()) {
            evaluate(name, data, Map.of(), ZonedDateTime.now());
        }
    }

    public DefineResults evaluate(String libraryName, PatientData data, Map<String, Object> parameters,
            ZonedDateTime evaluationTime) {
        return evaluate(List.of(libraryName), data, parameters, evaluationTime).get(libraryName);
    }

    /** Every define of several libraries for one patient: see {@link #evaluate(Map, PatientData, Map, ZonedDateTime)}. */
    public Map<String, DefineResults> evaluate(List<String> libraryNames, PatientData data,
            Map<String, Object> parameters, ZonedDateTime evaluationTime) {
        Map<String, Set<String>> everyDefine = new LinkedHashMap<>();
        libraryNames.forEach(name -> everyDefine.put(name, libraries.defineNames(name)));
        return evaluate(everyDefine, data, parameters, evaluationTime);
    }

    /**
     * Evaluates the named defines of several libraries (and whatever they refer to) for one patient in one engine,
     * so that what the libraries share (BackContext, BackCommon, FHIRHelpers) is evaluated once. Every library
     * receives the same parameters. The results hold the named defines only: asking for another fails loudly.
     */
    public Map<String, DefineResults> evaluate(Map<String, Set<String>> definesByLibrary, PatientData data,
            Map<String, Object> parameters, ZonedDateTime evaluationTime) {
        return open(data, parameters, evaluationTime).evaluate(definesByLibrary);
    }

    /**
     * One patient's evaluation, to be asked for defines in steps (first what decides, then what that decision
     * needs): every step runs in the same engine, so nothing an earlier step evaluated is evaluated again.
     */
    public Evaluation open(PatientData data, Map<String, Object> parameters, ZonedDateTime evaluationTime) {
        InMemoryRetrieveProvider retrieve = new InMemoryRetrieveProvider(data, modelResolver, terminology);
        // Without a provider under the System model URI the engine installs its own, whose caches are not thread-safe.
        Map<String, DataProvider> dataProviders = Map.of(
                FHIR_MODEL_URI, new RequestDataProvider(modelResolver, retrieve),
                ThreadSafeSystemDataProvider.MODEL_URI, systemData);
        // Expression caching evaluates each define once per request however often other defines refer to it; the
        // cache lives as long as the engine and the patient, so it spans the libraries and the steps.
        CqlEngine engine = new CqlEngine(new RequestEnvironment(libraries.libraryManager(), dataProviders, terminology),
                EnumSet.of(CqlEngine.Options.EnableExpressionCaching));
        Pair<String, Object> patient = Pair.of("Patient", data.patientId());
        ValueOnlyExpressionCache.install(engine, patient, libraryIdentifiers);
        functionResolutions.lendTo(engine);
        return new Evaluation(engine, patient, parameters, evaluationTime);
    }

    /** See {@link #open}. Not thread-safe: one request's thread uses it. */
    public final class Evaluation {

        private final CqlEngine engine;
        private final Pair<String, Object> patient;
        private final Map<String, Object> parameters;
        private final ZonedDateTime evaluationTime;
        private final Map<String, Map<String, Object>> valuesByLibrary = new LinkedHashMap<>();

        private Evaluation(CqlEngine engine, Pair<String, Object> patient, Map<String, Object> parameters,
                ZonedDateTime evaluationTime) {
            this.engine = engine;
            this.patient = patient;
            this.parameters = parameters;
            this.evaluationTime = evaluationTime;
        }

        /**
         * Evaluates the named defines of each library. The results hold, per library named here, every define this
         * evaluation has been asked for so far.
         */
        public Map<String, DefineResults> evaluate(Map<String, Set<String>> definesByLibrary) {
            Map<String, DefineResults> byLibrary = new LinkedHashMap<>();
            definesByLibrary.forEach((name, defines) -> {
                Map<String, Object> values = valuesByLibrary.computeIfAbsent(name, library -> new LinkedHashMap<>());
                Set<String> missing = new LinkedHashSet<>(defines);
                missing.removeAll(values.keySet());
                if (!missing.isEmpty()) {
                    VersionedIdentifier identifier = libraries.require(name).getIdentifier();
                    // One library per call: the engine applies one set of define names to every library it is given.
                    EvaluationResultsForMultiLib results = engine.evaluate(List.of(identifier), missing, patient,
                            parameters, null, evaluationTime);
                    if (results.hasExceptions()) {
                        throw results.getExceptions().values().iterator().next();
                    }
                    results.getResultFor(identifier).expressionResults
                            .forEach((define, result) -> values.put(define, result.value()));
                }
                byLibrary.put(name, new DefineResults(name, values));
            });
            functionResolutions.learnFrom(engine);
            return byLibrary;
        }
    }

    public ElmLibraries libraries() {
        return libraries;
    }

    /** Which resources these rules can read at all: a request's other resources need not be parsed. */
    public RetrievableCodes retrievableCodes() {
        return retrievableCodes;
    }
}
