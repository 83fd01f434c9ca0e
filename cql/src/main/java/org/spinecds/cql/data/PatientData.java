package org.spinecds.cql.data;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * One patient's FHIR resources for one evaluation, indexed by resource type. Built once per request from the
 * prefetch (or fetched data) and only read afterwards.
 */
public final class PatientData {

    private final String patientId;
    private final Map<String, List<IBaseResource>> resourcesByType;

    private PatientData(String patientId, Map<String, List<IBaseResource>> resourcesByType) {
        this.patientId = patientId;
        this.resourcesByType = resourcesByType;
    }

    public static PatientData of(String patientId, Collection<? extends IBaseResource> resources) {
        Objects.requireNonNull(patientId, "patientId");
        Map<String, List<IBaseResource>> byType = new LinkedHashMap<>();
        for (IBaseResource resource : resources) {
            byType.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(resource);
            // Contained resources (e.g. a Medication an order references as "#med1") are retrievable too.
            if (resource instanceof DomainResource domain) {
                for (Resource contained : domain.getContained()) {
                    byType.computeIfAbsent(contained.fhirType(), t -> new ArrayList<>()).add(contained);
                }
            }
        }
        byType.replaceAll((type, list) -> List.copyOf(list));
        return new PatientData(patientId, Map.copyOf(byType));
    }

    public String patientId() {
        return patientId;
    }

    public List<IBaseResource> ofType(String resourceType) {
        return resourcesByType.getOrDefault(resourceType, List.of());
    }
}
