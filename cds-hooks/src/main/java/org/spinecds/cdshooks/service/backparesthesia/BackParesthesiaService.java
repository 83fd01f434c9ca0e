package org.spinecds.cdshooks.service.backparesthesia;

import java.util.List;

import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cdshooks.service.CatalogueCdsService;

/**
 * patient-view for tingling in the back: physical therapy and exercises by region, self-care, and referral when
 * symptoms are severe, worsening, limiting or persistent. The logic is BackParesthesiaPatientView.cql; the cards
 * are the catalogue entries of that library.
 */
public final class BackParesthesiaService {

    public static final String ID = "back-paresthesia";
    public static final String LIBRARY = "BackParesthesiaPatientView";

    private static final String PATIENT = "{{context.patientId}}";

    private BackParesthesiaService() {
    }

    /**
     * Prefetch within the CDS Hooks 2.0 query subset (spec Decision 13): no date tokens, look-backs are applied
     * in CQL; Conditions without a status filter so that refuted and resolved ones are seen and excluded by the
     * rules rather than guessed at.
     */
    public static CatalogueCdsService.Definition definition() {
        return new CatalogueCdsService.Definition(
                ID,
                Hook.PATIENT_VIEW,
                "Tingling in the back: physical therapy, exercises and referral",
                "For adults with tingling (paresthesia) in the back from a spinal cause: recommends physical"
                        + " therapy and region-specific home exercises, staying active, heat or ice, and flags"
                        + " referral when symptoms are severe, getting worse, limit daily activities or persist.",
                "FHIR R4 data. Needs the patient and their Conditions (prefetch or fhirServer access);"
                        + " pain-score and function Observations, PT ServiceRequests and Procedures improve the advice.",
                LIBRARY,
                List.of(
                        PrefetchTemplate.required("patient", "Patient/" + PATIENT),
                        PrefetchTemplate.required("conditions", "Condition?patient=" + PATIENT),
                        PrefetchTemplate.optional("observations", "Observation?patient=" + PATIENT
                                + "&code=http://loinc.org|72514-3,http://loinc.org|38208-5,http://loinc.org|75893-8"
                                + ",http://loinc.org|38221-8,http://loinc.org|38214-3,http://loinc.org|91147-9"
                                + ",http://loinc.org|91146-1,http://loinc.org|71959-1&_sort=-date&_count=100"),
                        PrefetchTemplate.optional("serviceRequests", "ServiceRequest?patient=" + PATIENT
                                + "&status=active,completed"),
                        PrefetchTemplate.optional("procedures", "Procedure?patient=" + PATIENT)));
    }
}
