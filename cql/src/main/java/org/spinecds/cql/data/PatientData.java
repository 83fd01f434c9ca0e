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
 *
 * <p>One record, once (docs/clinical-rules.md, Decision 17): EHRs send the same record under two prefetch keys (a
 * pain score charted as survey and vital sign) or as a draft order that is also in the prefetch; counted twice, it
 * hides a trend or doubles a dose. Records are identified by type and logical id (HAPI gives a Bundle entry without
 * an id its {@code fullUrl}); of two copies the newer by {@link RecordVersions} is kept. Records without any identity
 * are all kept. Contained resources stay inside their own record: two orders that each contain a Medication
 * {@code #med1} keep their own drugs, so contained resources are never pooled here.
 */
public final class PatientData {

    private final String patientId;
    private final Map<String, List<IBaseResource>> resourcesByType;

    private PatientData(String patientId, Map<String, List<IBaseResource>> resourcesByType) {
        this.patientId = patientId;
        this.resourcesByType = resourcesByType;
    }

    /** The resources, each record once; of two copies of a record the newer wins, on a tie the one given later. */
    public static PatientData of(String patientId, Collection<? extends IBaseResource> resources) {
        Objects.requireNonNull(patientId, "patientId");
        Map<Object, IBaseResource> records = new LinkedHashMap<>();
        for (IBaseResource resource : resources) {
            records.merge(identity(resource), resource, RecordVersions::newer);
        }
        Map<String, List<IBaseResource>> byType = new LinkedHashMap<>();
        for (IBaseResource resource : records.values()) {
            byType.computeIfAbsent(resource.fhirType(), t -> new ArrayList<>()).add(resource);
        }
        byType.replaceAll((type, list) -> List.copyOf(list));
        return new PatientData(patientId, Map.copyOf(byType));
    }

    // Type and logical id; a record without an id is its own identity (it cannot be matched, so it is kept).
    private static Object identity(IBaseResource resource) {
        String id = resource.getIdElement().getIdPart();
        return id == null || id.isBlank() ? new Object() : resource.fhirType() + "/" + id;
    }

    public String patientId() {
        return patientId;
    }

    public List<IBaseResource> ofType(String resourceType) {
        return resourcesByType.getOrDefault(resourceType, List.of());
    }
}
