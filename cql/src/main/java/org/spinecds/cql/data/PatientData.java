package org.spinecds.cql.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * One patient's FHIR resources for one evaluation, indexed by resource type. Built once per request from the
 * prefetch (or fetched data) and only read afterwards.
 */
public final class PatientData {

    private final String patientId;
    private final Map<String, List<IBaseResource>> resourcesByType;
    private final int size;

    private PatientData(String patientId, Map<String, List<IBaseResource>> resourcesByType, int size) {
        this.patientId = patientId;
        this.resourcesByType = resourcesByType;
        this.size = size;
    }

    public static PatientData of(String patientId, Collection<? extends IBaseResource> resources) {
        Objects.requireNonNull(patientId, "patientId");
        Map<String, List<IBaseResource>> byType = new LinkedHashMap<>();
        for (IBaseResource resource : resources) {
            String type = resource.fhirType();
            byType.computeIfAbsent(type, t -> new ArrayList<>()).add(resource);
        }
        byType.replaceAll((type, list) -> List.copyOf(list));
        return new PatientData(patientId, Map.copyOf(byType), resources.size());
    }

    public String patientId() {
        return patientId;
    }

    public List<IBaseResource> ofType(String resourceType) {
        return resourcesByType.getOrDefault(resourceType, List.of());
    }

    public int size() {
        return size;
    }
}
