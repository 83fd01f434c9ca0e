package org.spinecds.cdshooks.service.backparesthesia;

import java.util.ArrayList;
import java.util.List;

import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cdshooks.service.PatientDataTemplates;

/**
 * patient-view for tingling in the back: red flags first, then the safety of the OTC analgesics the patient
 * takes, then physical therapy and exercises by region, self-care, and referral when symptoms are severe,
 * worsening, limiting or persistent. Logic: BackRedFlags.cql, OtcAnalgesicSafety.cql and
 * BackParesthesiaPatientView.cql; cards: the catalogue entries of those libraries, in that order.
 */
public final class BackParesthesiaService {

    public static final String ID = "back-paresthesia";

    private static final String PATIENT = "{{context.patientId}}";

    private BackParesthesiaService() {
    }

    public static CatalogueCdsService.Definition definition() {
        List<PrefetchTemplate> prefetch = new ArrayList<>(List.of(
                PatientDataTemplates.patient(),
                PatientDataTemplates.conditions(),
                PrefetchTemplate.optional("painAndFunction", "Observation?patient=" + PATIENT
                        + "&code=http://loinc.org|72514-3,http://loinc.org|38208-5,http://loinc.org|75893-8"
                        + ",http://loinc.org|38221-8,http://loinc.org|38214-3,http://loinc.org|91147-9"
                        + ",http://loinc.org|91146-1,http://loinc.org|71959-1&_sort=-date&_count=100"),
                PatientDataTemplates.vitalSigns(),
                PatientDataTemplates.labs(),
                PatientDataTemplates.pregnancyStatus(),
                PatientDataTemplates.gestationalAge()));
        prefetch.addAll(PatientDataTemplates.medications());
        prefetch.add(PrefetchTemplate.optional("serviceRequests", "ServiceRequest?patient=" + PATIENT
                + "&status=active,completed"));
        prefetch.add(PrefetchTemplate.optional("procedures", "Procedure?patient=" + PATIENT));
        return new CatalogueCdsService.Definition(
                ID,
                Hook.PATIENT_VIEW,
                "Tingling in the back: red flags, physical therapy, exercises, OTC analgesic safety and referral",
                "For adults with tingling (paresthesia) in the back from a spinal cause: flags red flags (cauda"
                        + " equina, neurological deficit, cancer, infection, fracture, trauma), checks the OTC"
                        + " analgesics the patient takes, recommends physical therapy and region-specific home"
                        + " exercises, staying active, heat or ice, and flags referral when symptoms are severe,"
                        + " getting worse, limit daily activities or persist.",
                "FHIR R4 data. Needs the patient and their Conditions (prefetch or fhirServer access);"
                        + " observations, medications, allergies, PT orders and procedures improve the advice, and"
                        + " whatever is missing is reported as not assessed.",
                List.of("BackRedFlags", "OtcAnalgesicSafety", "BackParesthesiaPatientView"),
                prefetch,
                CatalogueCdsService.RequestParameters.NONE,
                false);
    }
}
