package org.spinecds.benchmarks;

import static java.time.temporal.ChronoUnit.DAYS;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.service.backparesthesia.BackParesthesiaService;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;

/**
 * patient-view request bodies for the back-paresthesia service, the rules firing on them (adult, lumbar
 * radiculopathy with paresthesia, severe and rising pain scores). A patient record is turned into the prefetch the
 * service declares ({@code BackParesthesiaService.definition().prefetch()}, whatever it is at the time) the way an
 * EHR would answer each query: a read gives the resource, a search gives a searchset Bundle of the resources of
 * that type passing its {@code code}, {@code category} and {@code status} filters ({@code _sort}, {@code _count} and
 * {@code _include} are not emulated). A resource no key asks for is not sent.
 * <ul>
 * <li>{@link #synthetic(Instant)}: a made-up patient of 50 resources: Patient, 4 Conditions, 39 pain-score and
 * function Observations (every 4 days), 2 vital signs, an eGFR, an OTC acetaminophen MedicationStatement, a
 * penicillin allergy and an MRI ServiceRequest.</li>
 * <li>{@link #smartPatient(Instant)}: 500 resources: SMART sample patient smart-765583 (Ruth Cook, in the
 * cds-hooks test-jar's {@code testdata/}; backache since 2012, 372 vital-sign and lab Observations, medications)
 * plus a lumbar radiculopathy and a paresthesia Condition, and as many pain-score / function Observations as
 * fill the request up to 500 resources.</li>
 * <li>{@link #smartRecord(String, int, Instant)}: any SMART sample patient of {@code testdata/} as it is
 * (narratives kept), optionally several times over, plus the same two Conditions.</li>
 * </ul>
 * Dates are relative to {@code now}: the service's clock must agree (the JMH benchmark pins it; the HTTP server
 * uses the real clock, so the load test passes {@code Instant.now()}).
 */
public final class PatientViewRequests {

    public static final String SERVICE_ID = "back-paresthesia";
    /** Where the SMART sample patients are on the classpath (the cds-hooks test-jar, shaded into benchmarks.jar). */
    public static final String SMART_DIRECTORY = "testdata/smart-sample-patients-r4/";
    public static final String SMART_PATIENT = "smart-765583.r4.json";

    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final String PATIENT_TOKEN = "{{context.patientId}}";

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = CdsJson.mapper();

    private PatientViewRequests() {
    }

    /**
     * Request body for {@code resources} = 50 (synthetic patient) or 500 (SMART patient plus additions), exactly; for
     * the size curve, SMART records near 200 (smart-1213208: 175 resources, 176 KB), 1,000 (smart-2042917 three
     * times: 1,086, 1.17 MB) and 2,000 (five times: 1,808, 1.95 MB).
     */
    public static byte[] forSize(int resources, Instant now) {
        return switch (resources) {
            case 50 -> synthetic(now);
            case 200 -> smartRecord("smart-1213208.r4.json", 1, now);
            case 500 -> smartPatient(now);
            case 1000 -> smartRecord("smart-2042917.r4.json", 3, now);
            case 2000 -> smartRecord("smart-2042917.r4.json", 5, now);
            default -> throw new IllegalArgumentException("Request sizes are 50, 200, 500, 1000 and 2000, not "
                    + resources);
        };
    }

    /**
     * The same request with every Condition taken out of its prefetch: no back tingling, so no card of this service's
     * own, while its observations, medications and the rest are still there to read. Most chart opens are such
     * patients.
     */
    public static byte[] withoutConditions(byte[] body) {
        try {
            ObjectNode request = (ObjectNode) JSON.readTree(body);
            for (JsonNode value : request.path("prefetch")) {
                Iterator<JsonNode> entries = value.path("entry").iterator();
                while (entries.hasNext()) {
                    if ("Condition".equals(entries.next().path("resource").path("resourceType").asText())) {
                        entries.remove();
                    }
                }
            }
            return request.toString().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The prefetch templates of the service, as it declares them now. */
    public static List<PrefetchTemplate> templates() {
        return BackParesthesiaService.definition().prefetch();
    }

    /** The number of FHIR resources in a request body: Bundle entries, plus each single resource. */
    public static int resourceCount(byte[] body) {
        try {
            int count = 0;
            for (JsonNode value : JSON.readTree(body).path("prefetch")) {
                if ("Bundle".equals(value.path("resourceType").asText())) {
                    count += value.path("entry").size();
                } else if (value.isObject()) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] synthetic(Instant now) {
        String patientId = "bench-tingling-1";
        Patient patient = new Patient();
        patient.setId(patientId);
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new DateType("1974-03-09"));
        patient.addName().setFamily("Benchmark").addGiven("Tess");

        List<Resource> record = new ArrayList<>();
        record.add(patient);
        record.add(condition("radic", patientId, ICD10, "M54.16", "Radiculopathy, lumbar region", now.minus(20, DAYS)));
        record.add(condition("tingle", patientId, ICD10, "R20.2", "Paresthesia of skin", now.minus(20, DAYS)));
        record.add(condition("disc", patientId, ICD10, "M51.16",
                "Intervertebral disc disorders with radiculopathy, lumbar region", now.minus(18, DAYS)));
        record.add(condition("htn", patientId, ICD10, "I10", "Essential (primary) hypertension",
                now.minus(900, DAYS)));
        record.addAll(scores(patientId, "obs", 39, now));
        record.add(measurement("hr", patientId, "vital-signs", "8867-4", "Heart rate", 72, "/min", now.minus(2, DAYS)));
        record.add(measurement("wt", patientId, "vital-signs", "29463-7", "Body weight", 68, "kg", now.minus(2, DAYS)));
        record.add(measurement("egfr", patientId, "laboratory", "33914-3",
                "Glomerular filtration rate/1.73 sq M.predicted by Creatinine-based formula (MDRD)", 85,
                "mL/min/{1.73_m2}", now.minus(30, DAYS)));

        MedicationStatement acetaminophen = new MedicationStatement();
        acetaminophen.setId("apap");
        acetaminophen.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
        acetaminophen.setMedication(concept(RXNORM, "198440", "Acetaminophen 500 MG Oral Tablet"));
        acetaminophen.setSubject(new Reference("Patient/" + patientId));
        acetaminophen.setEffective(new DateTimeType(Date.from(now.minus(14, DAYS))));
        record.add(acetaminophen);

        AllergyIntolerance allergy = new AllergyIntolerance();
        allergy.setId("pen");
        allergy.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                "active", null));
        allergy.setCode(concept(SNOMED, "91936005", "Allergy to penicillin"));
        allergy.setPatient(new Reference("Patient/" + patientId));
        record.add(allergy);

        ServiceRequest imaging = new ServiceRequest();
        imaging.setId("mri");
        imaging.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        imaging.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        imaging.setCode(concept(SNOMED, "241645001", "MRI of lumbar spine"));
        imaging.setSubject(new Reference("Patient/" + patientId));
        imaging.setAuthoredOnElement(new DateTimeType(Date.from(now.minus(10, DAYS))));
        record.add(imaging);

        return request(patientId, toJson(record));
    }

    public static byte[] smartPatient(Instant now) {
        List<JsonNode> record = smartResources(SMART_PATIENT, 1);
        String patientId = addRadiculopathy(record, now);
        int sent = resourceCount(request(patientId, record));
        record.addAll(toJson(scores(patientId, "bench-obs", Math.max(0, 500 - sent), now)));
        return request(patientId, record);
    }

    /**
     * SMART sample patient {@code name} (a file of {@link #SMART_DIRECTORY}) with a lumbar radiculopathy and a
     * paresthesia, its other resources as the file has them. {@code copies} above 1 makes the record bigger: every
     * resource but the Patient is sent that many times, copy k (from 2) under the id {@code ID-copyK}, its references
     * unchanged (they still point at the first copy's resources).
     */
    public static byte[] smartRecord(String name, int copies, Instant now) {
        List<JsonNode> record = smartResources(name, copies);
        String patientId = addRadiculopathy(record, now);
        return request(patientId, record);
    }

    private static List<JsonNode> smartResources(String name, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, not " + copies);
        }
        List<JsonNode> original = new ArrayList<>();
        readClasspath(SMART_DIRECTORY + name).path("entry").forEach(entry -> original.add(entry.get("resource")));
        List<JsonNode> record = new ArrayList<>(original);
        for (int copy = 2; copy <= copies; copy++) {
            for (JsonNode resource : original) {
                if (!isPatient(resource)) {
                    ObjectNode duplicate = resource.deepCopy();
                    duplicate.put("id", resource.path("id").asText() + "-copy" + copy);
                    record.add(duplicate);
                }
            }
        }
        return record;
    }

    /** Adds a lumbar radiculopathy and a paresthesia (the rules' entry criteria) to the record; its patient's id. */
    private static String addRadiculopathy(List<JsonNode> record, Instant now) {
        String patientId = record.stream().filter(PatientViewRequests::isPatient).findFirst()
                .orElseThrow(() -> new IllegalStateException("No Patient in the record")).path("id").asText();
        record.addAll(toJson(List.of(
                condition("bench-radic", patientId, ICD10, "M54.16", "Radiculopathy, lumbar region",
                        now.minus(20, DAYS)),
                condition("bench-tingle", patientId, ICD10, "R20.2", "Paresthesia of skin", now.minus(20, DAYS)))));
        return patientId;
    }

    private static boolean isPatient(JsonNode resource) {
        return "Patient".equals(resource.path("resourceType").asText());
    }

    /**
     * {@code count} Observations, newest first, one every 4 days: mostly 0-10 pain scores that rise to a severe 8/10
     * two days ago (from 4 four days earlier: worsening), a few visual-analogue scores, PEG and PROMIS physical
     * function.
     */
    private static List<Resource> scores(String patientId, String idPrefix, int count, Instant now) {
        List<Resource> observations = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Instant when = now.minus(2 + 4L * i, DAYS);
            Observation observation;
            if (i % 10 == 7) {
                observation = observation(patientId, LOINC, "91147-9", "Mean score [PEG]", 6 + i % 3, "{score}", when);
            } else if (i % 10 == 4) {
                observation = observation(patientId, LOINC, "71959-1", "PROMIS-29 Physical function score T-score",
                        38 + i % 7, "{T-score}", when);
            } else if (i % 10 == 9) {
                observation = observation(patientId, LOINC, "38208-5", "Pain severity - Reported",
                        40 + i % 30, "mm", when);
            } else {
                int value = i == 0 ? 8 : 3 + (i * 7) % 3;
                observation = observation(patientId, LOINC, "72514-3",
                        "Pain severity - 0-10 verbal numeric rating [Score] - Reported", value, "{score}", when);
            }
            observation.setId(idPrefix + "-" + i);
            observations.add(observation);
        }
        return observations;
    }

    private static Observation observation(String patientId, String system, String code, String display,
            int value, String unit, Instant when) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(concept("http://terminology.hl7.org/CodeSystem/observation-category", "survey",
                "Survey"));
        observation.setCode(concept(system, code, display));
        observation.setSubject(new Reference("Patient/" + patientId));
        observation.setEffective(new DateTimeType(Date.from(when)));
        observation.setValue(new Quantity().setValue(BigDecimal.valueOf(value)).setUnit(unit)
                .setSystem("http://unitsofmeasure.org").setCode(unit));
        return observation;
    }

    private static Observation measurement(String id, String patientId, String category, String code,
            String display, int value, String unit, Instant when) {
        Observation observation = observation(patientId, LOINC, code, display, value, unit, when);
        observation.setId(id);
        observation.setCategory(List.of(concept("http://terminology.hl7.org/CodeSystem/observation-category",
                category, null)));
        return observation;
    }

    private static Condition condition(String id, String patientId, String system, String code, String display,
            Instant onset) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setCode(concept(system, code, display));
        condition.setSubject(new Reference("Patient/" + patientId));
        condition.setClinicalStatus(concept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active",
                null));
        condition.setVerificationStatus(concept("http://terminology.hl7.org/CodeSystem/condition-ver-status",
                "confirmed", null));
        condition.setOnset(new DateTimeType(Date.from(onset)));
        condition.setRecordedDateElement(new DateTimeType(Date.from(onset)));
        return condition;
    }

    private static CodeableConcept concept(String system, String code, String display) {
        return new CodeableConcept().addCoding(new Coding(system, code, display));
    }

    private static byte[] request(String patientId, List<JsonNode> record) {
        ObjectNode request = JSON.createObjectNode();
        request.put("hook", "patient-view");
        request.put("hookInstance", UUID.nameUUIDFromBytes(patientId.getBytes(StandardCharsets.UTF_8)).toString());
        ObjectNode context = request.putObject("context");
        context.put("userId", "Practitioner/bench-clinician");
        context.put("patientId", patientId);
        ObjectNode prefetch = request.putObject("prefetch");
        for (PrefetchTemplate template : templates()) {
            prefetch.set(template.key(), answer(template.query().replace(PATIENT_TOKEN, patientId), record));
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a FHIR server holding only {@code record} would answer to a read or search {@code query}. */
    private static JsonNode answer(String query, List<JsonNode> record) {
        String type = query.split("[/?]", 2)[0];
        List<JsonNode> matching = record.stream().filter(r -> type.equals(r.path("resourceType").asText())).toList();
        if (query.startsWith(type + "/")) {
            String id = query.substring(type.length() + 1);
            return matching.stream().filter(r -> id.equals(r.path("id").asText())).findFirst()
                    .orElse(JSON.nullNode());
        }
        String parameters = query.contains("?") ? query.substring(query.indexOf('?') + 1) : "";
        for (String parameter : parameters.split("&")) {
            String[] nameValue = parameter.split("=", 2);
            if (nameValue.length < 2) {
                continue;
            }
            List<String> values = List.of(nameValue[1].split(","));
            matching = switch (nameValue[0]) {
                case "code" -> matching.stream().filter(r -> hasCoding(r.path("code"), values)).toList();
                case "category" -> matching.stream().filter(r -> anyHasCoding(r.path("category"), values)).toList();
                case "status" -> matching.stream().filter(r -> values.contains(r.path("status").asText())).toList();
                default -> matching; // patient (all of the record is the patient's), _sort, _count, _include
            };
        }
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("resourceType", "Bundle");
        bundle.put("type", "searchset");
        bundle.put("total", matching.size());
        ArrayNode entries = bundle.putArray("entry");
        matching.forEach(resource -> entries.addObject().set("resource", resource));
        return bundle;
    }

    private static boolean anyHasCoding(JsonNode concepts, List<String> tokens) {
        for (JsonNode concept : concepts) {
            if (hasCoding(concept, tokens)) {
                return true;
            }
        }
        return false;
    }

    /** A token search: {@code system|code} or {@code code}. */
    private static boolean hasCoding(JsonNode concept, List<String> tokens) {
        for (JsonNode coding : concept.path("coding")) {
            String system = coding.path("system").asText();
            String code = coding.path("code").asText();
            for (String token : tokens) {
                int bar = token.indexOf('|');
                if (bar < 0 ? token.equals(code)
                        : token.substring(0, bar).equals(system) && token.substring(bar + 1).equals(code)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<JsonNode> toJson(List<? extends Resource> resources) {
        return resources.stream().map(PatientViewRequests::toJson).toList();
    }

    private static JsonNode toJson(Resource resource) {
        IParser parser = FHIR.newJsonParser();
        try {
            return JSON.readTree(parser.encodeResourceToString(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readClasspath(String path) {
        try {
            return JSON.readTree(FixtureRequests.bytes(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
