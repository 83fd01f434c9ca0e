package org.spinecds.cdshooks.prefetch;

import java.util.List;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything known about the patient for one request, and the optional prefetch keys nobody answered: their
 * data is unknown, which the rules must not read as "no risk".
 */
public record ResolvedData(List<IBaseResource> resources, Set<String> unansweredKeys) {
}
