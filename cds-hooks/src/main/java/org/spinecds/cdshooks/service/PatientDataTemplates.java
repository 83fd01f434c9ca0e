package org.spinecds.cdshooks.service;

import java.util.List;

import org.spinecds.cdshooks.prefetch.PrefetchTemplate;

/**
 * The prefetch templates the services share, within the CDS Hooks 2.0 query subset (spec Decision 13): no date
 * tokens (look-backs are applied in CQL); Conditions without a status filter, so that resolved ones are seen by
 * rules with a look-back (a GI bleed within 12 months) and refuted ones are excluded by the rules, not guessed at;
 * laboratory results and vital signs by category, so that every code an EHR uses for eGFR or blood pressure arrives.
 */
public final class PatientDataTemplates {

    private static final String PATIENT = "{{context.patientId}}";

    private PatientDataTemplates() {
    }

    public static PrefetchTemplate patient() {
        return PrefetchTemplate.required("patient", "Patient/" + PATIENT);
    }

    public static PrefetchTemplate conditions() {
        return PrefetchTemplate.required("conditions", "Condition?patient=" + PATIENT);
    }

    public static PrefetchTemplate labs() {
        return PrefetchTemplate.optional("labs",
                "Observation?patient=" + PATIENT + "&category=laboratory&_sort=-date&_count=200");
    }

    public static PrefetchTemplate vitalSigns() {
        return PrefetchTemplate.optional("vitalSigns",
                "Observation?patient=" + PATIENT + "&category=vital-signs&_sort=-date&_count=100");
    }

    public static PrefetchTemplate pregnancyStatus() {
        return PrefetchTemplate.optional("pregnancyStatus",
                "Observation?patient=" + PATIENT + "&code=http://loinc.org|82810-3&_sort=-date&_count=5");
    }

    /** Gestational age and the estimated due date decide "20 weeks or more" for NSAIDs (Decision 21). */
    public static PrefetchTemplate gestationalAge() {
        return PrefetchTemplate.optional("gestationalAge", "Observation?patient=" + PATIENT
                + "&code=http://loinc.org|11884-4,http://loinc.org|11885-1,http://loinc.org|49051-6"
                + ",http://loinc.org|18185-9,http://loinc.org|11778-8,http://loinc.org|11779-6"
                + ",http://loinc.org|11780-4&_sort=-date&_count=5");
    }

    /** The medication list, in every form an EHR records it (orders, statements of OTC use, dispenses). */
    public static List<PrefetchTemplate> medications() {
        return List.of(
                PrefetchTemplate.optional("medicationRequests", "MedicationRequest?patient=" + PATIENT
                        + "&status=active,on-hold&_include=MedicationRequest:medication"),
                PrefetchTemplate.optional("medicationStatements", "MedicationStatement?patient=" + PATIENT
                        + "&status=active,intended,on-hold&_include=MedicationStatement:medication"),
                PrefetchTemplate.optional("medicationDispenses", "MedicationDispense?patient=" + PATIENT
                        + "&status=completed&_sort=-whenhandedover&_count=100&_include=MedicationDispense:medication"),
                PrefetchTemplate.optional("allergies", "AllergyIntolerance?patient=" + PATIENT));
    }
}
