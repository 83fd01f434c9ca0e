package org.spinecds.cdshooks.request;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The hooks this service answers, with the context fields each requires (CDS Hooks Library 1.0.1). */
public enum Hook {
    PATIENT_VIEW("patient-view", List.of("userId", "patientId")),
    ORDER_SELECT("order-select", List.of("userId", "patientId", "selections", "draftOrders")),
    ORDER_SIGN("order-sign", List.of("userId", "patientId", "draftOrders"));

    private final String id;
    private final List<String> requiredContext;

    Hook(String id, List<String> requiredContext) {
        this.id = id;
        this.requiredContext = requiredContext;
    }

    public String id() {
        return id;
    }

    public List<String> requiredContext() {
        return requiredContext;
    }

    public static Optional<Hook> byId(String id) {
        return Arrays.stream(values()).filter(h -> h.id.equals(id)).findFirst();
    }
}
