package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.spinecds.cdshooks.CdsHooksException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IJsonLikeParser;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.parser.json.jackson.JacksonStructure;

/**
 * Turns one prefetch value into FHIR resources: a single resource, a Bundle (its entries), or the legacy
 * {@code {"resource": ...}} wrapper some older clients send. An OperationOutcome means the client's own query
 * failed; it is reported as "not answered" so the key can be fetched or reported missing, never read as "no data".
 */
final class PrefetchValueReader {

    private final FhirContext fhirContext;

    PrefetchValueReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** The resources of the value, or empty when the value is an OperationOutcome. */
    Optional<List<IBaseResource>> read(String key, JsonNode value) {
        return read(key, value, ReadableResources.EVERY);
    }

    /** The same, parsing only the resources {@code readable} keeps. */
    Optional<List<IBaseResource>> read(String key, JsonNode value, ReadableResources readable) {
        JsonNode resourceJson = unwrap(key, value);
        if (!readable.keep(resourceJson)) {
            return Optional.of(List.of());
        }
        // Lenient: an EHR's extra or unknown elements are normal data. Quiet: the parser must not log values (PHI).
        IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        if ("Bundle".equals(resourceJson.path("resourceType").asText())) {
            return Optional.of(entries(key, resourceJson, readable, parser));
        }
        IBaseResource resource = parse(key, resourceJson, parser);
        return resource instanceof OperationOutcome ? Optional.empty() : Optional.of(List.of(resource));
    }

    /*
     * A Bundle's entries are parsed one by one rather than the Bundle whole: HAPI would also link every reference
     * to the entry it names (no rule follows references) and build the Bundle itself: parsing took a sixth longer
     * (benchmarks/README.md). OperationOutcome entries (a search's warnings) are not patient data.
     */
    private static List<IBaseResource> entries(String key, JsonNode bundle, ReadableResources readable,
            IParser parser) {
        JsonNode entries = bundle.path("entry");
        if (!entries.isMissingNode() && !entries.isNull() && !entries.isArray()) {
            throw invalid(key);
        }
        List<IBaseResource> resources = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode resourceJson = entry.get("resource");
            if (resourceJson == null || resourceJson.isNull() || !readable.keep(resourceJson)) {
                continue;
            }
            if (!resourceJson.isObject()) {
                throw invalid(key);
            }
            IBaseResource resource = parse(key, resourceJson, parser);
            if (!(resource instanceof OperationOutcome)) {
                identifyByFullUrl(resource, entry.get("fullUrl"));
                resources.add(resource);
            }
        }
        return resources;
    }

    // What HAPI does for the entries of a Bundle it parses: the entry's fullUrl becomes the resource's id, which
    // keeps its version (meta.versionId) when the fullUrl names none.
    private static void identifyByFullUrl(IBaseResource resource, JsonNode fullUrl) {
        if (fullUrl == null || !fullUrl.isTextual() || fullUrl.asText().isEmpty()) {
            return;
        }
        String versionId = resource.getIdElement().getVersionIdPart();
        resource.setId(fullUrl.asText());
        if (versionId != null && !versionId.isBlank() && !resource.getIdElement().hasVersionIdPart()) {
            resource.setId(resource.getIdElement().withVersion(versionId));
        }
    }

    private static JsonNode unwrap(String key, JsonNode value) {
        JsonNode resource = unwrapped(value);
        if (resource == null) {
            throw CdsHooksException.badRequest("invalid", "prefetch '" + key + "' is not a FHIR resource or Bundle");
        }
        return resource;
    }

    /** The resource or Bundle a prefetch value holds, or null when it holds none. */
    static JsonNode unwrapped(JsonNode value) {
        if (value.isObject() && value.has("resourceType")) {
            return value;
        }
        if (value.isObject() && value.path("resource").isObject()) {
            return value.get("resource");
        }
        return null;
    }

    static boolean isOperationOutcome(JsonNode value) {
        JsonNode resource = unwrapped(value);
        return resource != null && "OperationOutcome".equals(resource.path("resourceType").asText());
    }

    // Narratives (text.div) are XHTML that HAPI parses expensively and no rule reads: they are dropped first. Only
    // resources carry one, so only resources are visited: the one parsed and those it contains.
    private static void dropNarratives(JsonNode resource) {
        if (!resource.isObject()) {
            return;
        }
        JsonNode text = resource.get("text");
        if (text != null && text.isObject() && text.has("div")) {
            ((ObjectNode) resource).remove("text");
        }
        resource.path("contained").forEach(PrefetchValueReader::dropNarratives);
    }

    private static IBaseResource parse(String key, JsonNode json, IParser parser) {
        dropNarratives(json);
        // HAPI reads the Jackson tree the request was parsed into, rather than the same JSON a second time.
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject((ObjectNode) json);
        try {
            return ((IJsonLikeParser) parser).parseResource(structure);
        } catch (DataFormatException | ClassCastException e) {
            throw invalid(key);
        }
    }

    private static CdsHooksException invalid(String key) {
        return CdsHooksException.badRequest("invalid", "prefetch '" + key + "' is not valid FHIR R4 JSON");
    }
}
