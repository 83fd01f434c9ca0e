package org.spinecds.cdshooks.prefetch;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

import org.spinecds.cql.engine.RetrievableCodes;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which prefetched resources are parsed: those the rules can retrieve. A large record is mostly vital signs and
 * laboratory results the rules never ask for (of the 500 resources of SMART patient smart-765583, some 400), and
 * parsing them into FHIR objects was most of such a request's time and memory. A resource is kept when the rules may
 * retrieve it by one of its codes, or when another copy of the same record (same type and id, or same fullUrl) is
 * kept: the copies must all reach the de-duplication, which keeps the newest, or a recoded newer version would leave
 * a stale older one in its place. A resource whose codes cannot be read is kept.
 */
final class ReadableResources {

    static final ReadableResources EVERY = new ReadableResources(null, Set.of());

    private final RetrievableCodes codes;
    private final Set<String> keptRecords;

    private ReadableResources(RetrievableCodes codes, Set<String> keptRecords) {
        this.codes = codes;
        this.keptRecords = keptRecords;
    }

    /** What to parse of these prefetch values (resources or Bundles), as a whole: copies may sit in several. */
    static ReadableResources of(RetrievableCodes codes, Collection<JsonNode> values) {
        ReadableResources byCode = new ReadableResources(codes, Set.of());
        Set<String> kept = new HashSet<>();
        values.forEach(value -> forEachResource(value, (resource, fullUrl) -> {
            if (byCode.keep(resource, fullUrl)) {
                kept.addAll(identities(resource, fullUrl));
            }
        }));
        return new ReadableResources(codes, kept);
    }

    /** Whether this Bundle entry is parsed: an entry without a resource is left to the parser to judge. */
    boolean keepEntry(JsonNode entry) {
        JsonNode resource = entry.get("resource");
        return resource == null || !resource.isObject() || keep(resource, fullUrl(entry));
    }

    /** Whether this resource (of a Bundle entry with this fullUrl, or null) is parsed. */
    boolean keep(JsonNode resource, String fullUrl) {
        if (codes == null) {
            return true;
        }
        String type = resource.path("resourceType").asText("");
        if (!codes.retrievesByCodeOnly(type) || mayBeRetrieved(type, resource.get("code"))) {
            return true;
        }
        return identities(resource, fullUrl).stream().anyMatch(keptRecords::contains);
    }

    /** False only when every coding is readable and none is one the rules retrieve; surrounding spaces forgiven. */
    private boolean mayBeRetrieved(String type, JsonNode concept) {
        JsonNode codings = concept == null ? null : concept.get("coding");
        if (codings == null || !codings.isArray() || codings.isEmpty()) {
            return true;
        }
        for (JsonNode coding : codings) {
            JsonNode system = coding.get("system");
            JsonNode code = coding.get("code");
            if (system == null || code == null || !system.isTextual() || !code.isTextual()
                    || mayRetrieve(type, system.asText(), code.asText())) {
                return true;
            }
        }
        return false;
    }

    // strip() returns the very same string when there is nothing to strip: only then is a second look saved.
    private boolean mayRetrieve(String type, String system, String code) {
        String strippedSystem = system.strip();
        String strippedCode = code.strip();
        return codes.mayRetrieve(type, system, code) || ((strippedSystem != system || strippedCode != code)
                && codes.mayRetrieve(type, strippedSystem, strippedCode));
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

    private static String fullUrl(JsonNode entry) {
        JsonNode fullUrl = entry.get("fullUrl");
        return fullUrl != null && fullUrl.isTextual() ? fullUrl.asText() : null;
    }

    /** Each resource of a prefetch value: the value itself, or each entry of a Bundle, with the entry's fullUrl. */
    static void forEachResource(JsonNode value, BiConsumer<JsonNode, String> action) {
        JsonNode resource = PrefetchValueReader.unwrapped(value);
        if (resource == null) {
            return;
        }
        if ("Bundle".equals(resource.path("resourceType").asText())) {
            for (JsonNode entry : resource.path("entry")) {
                JsonNode entryResource = entry.get("resource");
                if (entryResource != null && entryResource.isObject()) {
                    action.accept(entryResource, fullUrl(entry));
                }
            }
        } else {
            action.accept(resource, null);
        }
    }
}
