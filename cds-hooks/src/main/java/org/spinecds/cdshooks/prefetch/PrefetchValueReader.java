package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
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
        leaveOut(resourceJson, readable);
        IBaseResource resource = parse(key, resourceJson);
        if (resource instanceof OperationOutcome) {
            return Optional.empty();
        }
        List<IBaseResource> resources = new ArrayList<>();
        if (resource instanceof Bundle bundle) {
            for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                if (entry.hasResource() && !(entry.getResource() instanceof OperationOutcome)) {
                    resources.add(entry.getResource());
                }
            }
        } else {
            resources.add(resource);
        }
        return Optional.of(resources);
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

    // Entries the rules cannot read are removed from the Bundle before HAPI sees it.
    private static void leaveOut(JsonNode resource, ReadableResources readable) {
        if (readable.leavesOutNothing() || !"Bundle".equals(resource.path("resourceType").asText())) {
            return;
        }
        Iterator<JsonNode> entries = resource.path("entry").iterator();
        while (entries.hasNext()) {
            if (!readable.keepEntry(entries.next())) {
                entries.remove();
            }
        }
    }

    // Narratives (text.div) are XHTML that HAPI parses expensively and no rule reads: they are dropped first. Only
    // resources carry one, so only resources are visited: the value, a Bundle's entries, contained resources.
    private static void dropNarratives(JsonNode resource) {
        if (!resource.isObject()) {
            return;
        }
        JsonNode text = resource.get("text");
        if (text != null && text.isObject() && text.has("div")) {
            ((ObjectNode) resource).remove("text");
        }
        resource.path("contained").forEach(PrefetchValueReader::dropNarratives);
        resource.path("entry").forEach(entry -> dropNarratives(entry.path("resource")));
    }

    private IBaseResource parse(String key, JsonNode json) {
        dropNarratives(json);
        // Lenient: an EHR's extra or unknown elements are normal data. Quiet: the parser must not log values (PHI).
        IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        // HAPI reads the Jackson tree the request was parsed into, rather than the same JSON a second time.
        JacksonStructure structure = new JacksonStructure();
        structure.setNativeObject((ObjectNode) json);
        try {
            return ((IJsonLikeParser) parser).parseResource(structure);
        } catch (DataFormatException | ClassCastException e) {
            throw CdsHooksException.badRequest("invalid", "prefetch '" + key + "' is not valid FHIR R4 JSON");
        }
    }
}
