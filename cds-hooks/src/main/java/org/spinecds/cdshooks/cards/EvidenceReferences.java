package org.spinecds.cdshooks.cards;

import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * The records that made a card fire, as references a machine can follow ({@code Condition/c1/_history/3}): the
 * EHR can link them, and a card overridden once is shown again when they change (new records, new versions).
 */
public final class EvidenceReferences {

    private EvidenceReferences() {
    }

    /** {@code Type/id}, with {@code /_history/version} when the record has one; a {@code urn:} id as it is. */
    public static Optional<String> of(Object record) {
        if (!(record instanceof IBaseResource resource) || resource.getIdElement().isEmpty()) {
            return Optional.empty();
        }
        IIdType id = resource.getIdElement();
        if (id.getValue().startsWith("urn:")) {
            return Optional.of(id.getValue());
        }
        String reference = resource.fhirType() + "/" + id.getIdPart();
        String version = id.hasVersionIdPart() ? id.getVersionIdPart() : resource.getMeta().getVersionId();
        return Optional.of(version == null || version.isBlank() ? reference : reference + "/_history/" + version);
    }
}
