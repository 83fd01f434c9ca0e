package org.spinecds.cdshooks.request;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A validated hook request. {@code patientId} is normalised to the bare id; {@code prefetch} keeps the client's
 * keys, each value as sent (a resource, a Bundle, or JSON null for "queried, nothing found").
 */
public record CdsRequest(Hook hook, String hookInstance, String patientId, String userId, String fhirServer,
        String accessToken, JsonNode context, Map<String, JsonNode> prefetch) {

    public Optional<String> fhirServerUrl() {
        return Optional.ofNullable(fhirServer);
    }

    /**
     * The same request without its prefetch, for once it has been read into FHIR resources: a large record's JSON
     * tree (several times the size of the body) need not stay in memory while the rules run.
     */
    public CdsRequest withoutPrefetch() {
        return new CdsRequest(hook, hookInstance, patientId, userId, fhirServer, accessToken, context, Map.of());
    }

    /** Renders without the access token, which must never reach a log. */
    @Override
    public String toString() {
        return "CdsRequest[hook=" + hook.id() + ", hookInstance=" + hookInstance + ", prefetchKeys=" + prefetch.keySet() + "]";
    }
}
