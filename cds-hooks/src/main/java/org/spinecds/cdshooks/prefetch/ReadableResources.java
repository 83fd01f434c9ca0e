package org.spinecds.cdshooks.prefetch;

import java.util.List;

import org.spinecds.cql.engine.RetrievableCodes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which prefetched resources are parsed as they are read: those the rules can retrieve. A large record is mostly
 * vital signs and laboratory results the rules never ask for (of the 500 resources of SMART patient smart-765583,
 * some 300), and parsing them into FHIR objects was most of such a request's time and memory. A resource set aside
 * is still parsed later when another copy of the same record (same type and id, or same fullUrl) was kept: the copies
 * must all reach the de-duplication, which keeps the newest, or a recoded newer version would leave a stale older
 * one in its place ({@link SentValue}). A resource whose codes cannot be read is parsed.
 */
final class ReadableResources {

    static final ReadableResources EVERY = new ReadableResources(null);

    private final RetrievableCodes codes;

    private ReadableResources(RetrievableCodes codes) {
        this.codes = codes;
    }

    static ReadableResources retrievableBy(RetrievableCodes codes) {
        return new ReadableResources(codes);
    }

    /**
     * False only for a resource of a type the rules retrieve by code alone, every one of whose codings is readable and
     * none one they retrieve (surrounding spaces forgiven).
     */
    boolean parseNow(JsonNode resource) {
        if (codes == null) {
            return true;
        }
        String type = resource.path("resourceType").asText("");
        JsonNode codings = resource.path("code").get("coding");
        if (!codes.retrievesByCodeOnly(type) || codings == null || !codings.isArray() || codings.isEmpty()) {
            return true;
        }
        for (JsonNode coding : codings) {
            JsonNode system = coding.get("system");
            JsonNode code = coding.get("code");
            if (system == null || code == null || !system.isTextual() || !code.isTextual()
                    || codes.mayRetrieve(type, system.asText(), code.asText())
                    || codes.mayRetrieve(type, system.asText().strip(), code.asText().strip())) {
                return true;
            }
        }
        return false;
    }

    /** The names one record goes by in a request: its type and id, and the fullUrl of its Bundle entry. */
    static List<String> identities(JsonNode resource, String fullUrl) {
        JsonNode id = resource.get("id");
        String typeAndId = id != null && id.isTextual() ? resource.path("resourceType").asText("") + "/" + id.asText()
                : null;
        if (typeAndId == null) {
            return fullUrl == null ? List.of() : List.of(fullUrl);
        }
        return fullUrl == null ? List.of(typeAndId) : List.of(typeAndId, fullUrl);
    }
}
