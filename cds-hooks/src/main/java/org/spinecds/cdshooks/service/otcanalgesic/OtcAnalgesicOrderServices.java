package org.spinecds.cdshooks.service.otcanalgesic;

import java.util.ArrayList;
import java.util.List;

import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cdshooks.service.CatalogueCdsService;
import org.spinecds.cdshooks.service.OrderParameters;
import org.spinecds.cdshooks.service.PatientDataTemplates;

/**
 * order-select and order-sign for OTC analgesics (ibuprofen, naproxen and other NSAIDs, acetaminophen): the same
 * OtcAnalgesicSafety.cql rules as patient-view, judging the selected (order-select) or every drafted (order-sign)
 * MedicationRequest, with every draft counted in the medication list (Decision 8). Suggestions to remove or
 * replace an order are offered only when the replacement is itself safe for the patient.
 */
public final class OtcAnalgesicOrderServices {

    public static final String ORDER_SELECT_ID = "otc-analgesic-order-select";
    public static final String ORDER_SIGN_ID = "otc-analgesic-order-sign";
    private static final String LIBRARY = "OtcAnalgesicSafety";
    private static final String USAGE = "FHIR R4 data. Needs the patient and their Conditions (prefetch or"
            + " fhirServer access); laboratory results, vital signs, pregnancy status, medications and allergies"
            + " complete the checks, and whatever is missing is named on the card, never read as \"no risk\".";

    private OtcAnalgesicOrderServices() {
    }

    public static CatalogueCdsService.Definition orderSelect() {
        return definition(ORDER_SELECT_ID, Hook.ORDER_SELECT, "OTC analgesic safety when an analgesic is selected",
                "a selected", OrderParameters.selectedDrafts());
    }

    public static CatalogueCdsService.Definition orderSign() {
        return definition(ORDER_SIGN_ID, Hook.ORDER_SIGN, "OTC analgesic safety when orders are signed",
                "every drafted", OrderParameters.allDrafts());
    }

    private static CatalogueCdsService.Definition definition(String id, Hook hook, String title, String whichOrders,
            CatalogueCdsService.RequestParameters judgedOrders) {
        String description = "Checks " + whichOrders + " NSAID or acetaminophen order against kidney function,"
                + " bleeding risk, anticoagulants and other interacting drugs, pregnancy, liver disease, age and the"
                + " total acetaminophen dose, and suggests removing or replacing an unsafe order.";
        return new CatalogueCdsService.Definition(id, hook, title, description, USAGE, List.of(LIBRARY), prefetch(),
                judgedOrders, true);
    }

    private static List<PrefetchTemplate> prefetch() {
        List<PrefetchTemplate> prefetch = new ArrayList<>(List.of(
                PatientDataTemplates.patient(),
                PatientDataTemplates.conditions(),
                PatientDataTemplates.labs(),
                PatientDataTemplates.vitalSigns(),
                PatientDataTemplates.pregnancyStatus(),
                PatientDataTemplates.gestationalAge()));
        prefetch.addAll(PatientDataTemplates.medications());
        return prefetch;
    }
}
