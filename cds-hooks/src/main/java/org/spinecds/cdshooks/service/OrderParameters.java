package org.spinecds.cdshooks.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.spinecds.cdshooks.request.CdsRequest;

/**
 * The order hooks' CQL parameters: the analgesic rules judge draft orders instead of the active medication list;
 * order-select judges the selected drafts, order-sign every drafted MedicationRequest (Decision 8).
 */
public final class OrderParameters {

    static final String JUDGES_DRAFT_ORDERS = "Judges Draft Orders";
    static final String JUDGED_ORDER_IDS = "Judged Order Ids";
    private static final String MEDICATION_REQUEST = "MedicationRequest/";

    private OrderParameters() {
    }

    public static CatalogueCdsService.RequestParameters selectedDrafts() {
        return (request, data) -> judging(selectedIds(request));
    }

    public static CatalogueCdsService.RequestParameters allDrafts() {
        return (request, data) -> {
            List<String> ids = new ArrayList<>();
            for (IBaseResource draft : data.draftOrders()) {
                if (draft.fhirType().equals("MedicationRequest")) {
                    ids.add(draft.getIdElement().getIdPart());
                }
            }
            return judging(ids);
        };
    }

    private static Map<String, Object> judging(List<String> ids) {
        return Map.of(JUDGES_DRAFT_ORDERS, true, JUDGED_ORDER_IDS, List.copyOf(ids));
    }

    // context.selections holds references such as "MedicationRequest/103"; other order types are not judged here.
    private static List<String> selectedIds(CdsRequest request) {
        List<String> ids = new ArrayList<>();
        request.context().path("selections").forEach(selection -> {
            String reference = selection.asText();
            if (reference.startsWith(MEDICATION_REQUEST)) {
                ids.add(reference.substring(MEDICATION_REQUEST.length()));
            }
        });
        return ids;
    }
}
