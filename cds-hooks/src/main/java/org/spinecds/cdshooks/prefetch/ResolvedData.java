package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything known about the patient for one request: the prefetched or fetched resources, the draft orders of
 * an order hook's context, and the optional prefetch keys nobody answered: their data is unknown, which the
 * rules must not read as "no risk". Which keys the client sent and which were fetched is kept for the metrics.
 */
public record ResolvedData(List<IBaseResource> resources, List<IBaseResource> draftOrders, Set<String> unansweredKeys,
        Set<String> sentKeys, Set<String> fetchedKeys) {

    /** The record and the draft orders together: a drafted order is part of the medication list (Decision 8). */
    public List<IBaseResource> allResources() {
        List<IBaseResource> all = new ArrayList<>(resources);
        all.addAll(draftOrders);
        return all;
    }
}
