package org.spinecds.cdshooks.request;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated hook request, without its prefetch (read into FHIR resources as the body streams past: {@link
 * PrefetchSink}). {@code patientId} is normalised to the bare id.
 */
public record CdsRequest(Hook hook, String hookInstance, String patientId, String userId, String fhirServer,
        String accessToken, JsonNode context) {

    public Optional<String> fhirServerUrl() {
        return Optional.ofNullable(fhirServer);
    }

    /** Renders without the access token, which must never reach a log. */
    @Override
    public String toString() {
        return "CdsRequest[hook=" + hook.id() + ", hookInstance=" + hookInstance + "]";
    }
}
