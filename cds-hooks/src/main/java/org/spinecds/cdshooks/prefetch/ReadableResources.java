package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.spinecds.cql.engine.RetrievableCodes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which prefetched resources are parsed: those the rules can retrieve. A large record is mostly vital signs and
 * laboratory results the rules never ask for (of the 500 resources of SMART patient smart-765583, some 300), and
 * parsing them into FHIR objects was most of such a request's time and memory. A resource is kept when the rules may
 * retrieve it by one of its codes, or when another copy of the same record (same type and id, or same fullUrl) is
 * kept: the copies must all reach the de-duplication, which keeps the newest, or a recoded newer version would leave
 * a stale older one in its place. A resource whose codes cannot be read is kept.
 */
final class ReadableResources {

    static final ReadableResources EVERY = new ReadableResources(Set.of());

    // The JSON objects of the request left out, by identity: decided once, for all prefetch values together.
    private final Set<JsonNode> leftOut;

    private ReadableResources(Set<JsonNode> leftOut) {
        this.leftOut = leftOut;
    }

    /** What to parse of these prefetch values (resources or Bundles), as a whole: copies may sit in several. */
    static ReadableResources of(RetrievableCodes codes, Collection<JsonNode> values) {
        Set<String> keptRecords = new HashSet<>();
        List<Unretrievable> unretrievable = new ArrayList<>();
        values.forEach(value -> forEachResource(value, (resource, fullUrl) -> {
            if (mayBeRetrieved(codes, resource)) {
                keptRecords.addAll(identities(resource, fullUrl));
            } else {
                unretrievable.add(new Unretrievable(resource, identities(resource, fullUrl)));
            }
        }));
        Set<JsonNode> leftOut = Collections.newSetFromMap(new IdentityHashMap<>());
        unretrievable.stream().filter(candidate -> candidate.identities().stream().noneMatch(keptRecords::contains))
                .forEach(candidate -> leftOut.add(candidate.resource()));
        return new ReadableResources(leftOut);
    }

    private record Unretrievable(JsonNode resource, List<String> identities) {
    }

    /** Whether this resource of the request is parsed. */
    boolean keep(JsonNode resource) {
        return !leftOut.contains(resource);
    }

    /**
     * False only for a resource of a type the rules retrieve by code alone, every one of whose codings is readable and
     * none one they retrieve (surrounding spaces forgiven).
     */
    private static boolean mayBeRetrieved(RetrievableCodes codes, JsonNode resource) {
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

    private static List<String> identities(JsonNode resource, String fullUrl) {
        JsonNode id = resource.get("id");
        String typeAndId = id != null && id.isTextual() ? resource.path("resourceType").asText("") + "/" + id.asText()
                : null;
        if (typeAndId == null) {
            return fullUrl == null ? List.of() : List.of(fullUrl);
        }
        return fullUrl == null ? List.of(typeAndId) : List.of(typeAndId, fullUrl);
    }

    /** Each resource of a prefetch value: the value itself, or each entry of a Bundle, with the entry's fullUrl. */
    private static void forEachResource(JsonNode value, BiConsumer<JsonNode, String> action) {
        JsonNode resource = PrefetchValueReader.unwrapped(value);
        if (resource == null) {
            return;
        }
        if ("Bundle".equals(resource.path("resourceType").asText())) {
            for (JsonNode entry : resource.path("entry")) {
                JsonNode entryResource = entry.get("resource");
                JsonNode fullUrl = entry.get("fullUrl");
                if (entryResource != null && entryResource.isObject()) {
                    action.accept(entryResource, fullUrl != null && fullUrl.isTextual() ? fullUrl.asText() : null);
                }
            }
        } else {
            action.accept(resource, null);
        }
    }
}
