package org.spinecds.cdshooks.prefetch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.prefetch.SentValue.Resource;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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
 * failed; it is reported as such so the key can be fetched or reported missing, never read as "no data".
 *
 * <p>A Bundle is read from the request's stream entry by entry: each resource is a JSON tree only until it is parsed
 * or set aside ({@link ReadableResources}); one set aside is read again from the body if it is needed after all.
 * Any other shape (a single resource; a Bundle whose {@code entry} comes before its {@code resourceType}) is read
 * whole first.
 */
final class PrefetchValueReader {

    private final FhirContext fhirContext;
    // The sub-trees of one body: whatever follows one is the rest of the body, not trailing garbage.
    private final ObjectReader json = CdsJson.mapper().reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    PrefetchValueReader(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** The value standing at the parser's current token, a part of {@code body}; the parser ends on its last token. */
    SentValue read(String key, JsonParser value, byte[] body, ReadableResources readable) throws IOException {
        if (value.currentToken() == JsonToken.VALUE_NULL) {
            return new SentValue.NothingFound();
        }
        if (value.currentToken() != JsonToken.START_OBJECT) {
            value.skipChildren();
            return new SentValue.Invalid(notAResource(key));
        }
        ObjectNode members = json.getConfig().getNodeFactory().objectNode();
        SentValue streamed = null;
        while (value.nextToken() == JsonToken.FIELD_NAME) {
            String name = value.currentName();
            JsonToken first = value.nextToken();
            if (name.equals("entry") && first == JsonToken.START_ARRAY
                    && "Bundle".equals(members.path("resourceType").asText())) {
                streamed = readEntries(new ValueParse(key, readable), value, body);
            } else {
                members.set(name, json.readTree(value));
            }
        }
        return streamed != null ? streamed : read(key, members, readable);
    }

    /** A value already read whole (also {@code context.draftOrders}). */
    SentValue read(String key, JsonNode value, ReadableResources readable) {
        JsonNode resource = unwrapped(value);
        if (resource == null) {
            return new SentValue.Invalid(notAResource(key));
        }
        String type = resource.path("resourceType").asText();
        if (type.equals("OperationOutcome")) {
            return new SentValue.QueryFailed();
        }
        ValueParse parse = new ValueParse(key, readable);
        try {
            if (type.equals("Bundle")) {
                return new SentValue.Resources(entries(parse, resource));
            }
            return new SentValue.Resources(parse.entry(resource, null, () -> resource).stream().toList());
        } catch (CdsHooksException e) {
            return new SentValue.Invalid(e);
        }
    }

    // Reads to the end of the array whatever happens: the rest of the body follows it.
    private SentValue readEntries(ValueParse parse, JsonParser value, byte[] body) throws IOException {
        List<Resource> resources = new ArrayList<>();
        CdsHooksException failure = null;
        while (value.nextToken() != JsonToken.END_ARRAY) {
            if (value.currentToken() != JsonToken.START_OBJECT || failure != null) {
                value.skipChildren();
                continue;
            }
            JsonNode resource = null;
            String fullUrl = null;
            long start = 0;
            long end = 0;
            while (value.nextToken() == JsonToken.FIELD_NAME) {
                String name = value.currentName();
                JsonToken first = value.nextToken();
                if (name.equals("resource")) {
                    start = value.currentTokenLocation().getByteOffset();
                    resource = json.readTree(value);
                    end = value.currentLocation().getByteOffset();
                } else if (name.equals("fullUrl") && first == JsonToken.VALUE_STRING) {
                    fullUrl = value.getText();
                } else {
                    value.skipChildren();
                }
            }
            int offset = (int) start;
            int length = (int) (end - start);
            try {
                parse.entry(resource, fullUrl, () -> readAgain(parse.key(), body, offset, length))
                        .ifPresent(resources::add);
            } catch (CdsHooksException e) {
                failure = e;
            }
        }
        return failure == null ? new SentValue.Resources(resources) : new SentValue.Invalid(failure);
    }

    private static List<Resource> entries(ValueParse parse, JsonNode bundle) {
        JsonNode entries = bundle.path("entry");
        if (!entries.isMissingNode() && !entries.isNull() && !entries.isArray()) {
            throw invalid(parse.key());
        }
        List<Resource> resources = new ArrayList<>();
        for (JsonNode entry : entries) {
            JsonNode resource = entry.get("resource");
            JsonNode fullUrl = entry.get("fullUrl");
            parse.entry(resource, fullUrl != null && fullUrl.isTextual() ? fullUrl.asText() : null, () -> resource)
                    .ifPresent(resources::add);
        }
        return resources;
    }

    private JsonNode readAgain(String key, byte[] body, int offset, int length) {
        try {
            return json.readTree(body, offset, length);
        } catch (IOException e) {
            throw invalid(key);
        }
    }

    /** The resource or Bundle a prefetch value holds, or null when it holds none. */
    private static JsonNode unwrapped(JsonNode value) {
        if (value.isObject() && value.has("resourceType")) {
            return value;
        }
        if (value.isObject() && value.path("resource").isObject()) {
            return value.get("resource");
        }
        return null;
    }

    /** The parsing of one value's resources, with one HAPI parser. */
    private final class ValueParse {

        private final String key;
        private final ReadableResources readable;
        // Lenient: an EHR's extra or unknown elements are normal data. Quiet: the parser must not log values (PHI).
        private final IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));

        ValueParse(String key, ReadableResources readable) {
            this.key = key;
            this.readable = readable;
        }

        String key() {
            return key;
        }

        /** One entry's resource: parsed, set aside, or none (no resource, or a search's warnings). */
        Optional<Resource> entry(JsonNode resource, String fullUrl, Supplier<JsonNode> readAgain) {
            if (resource == null || resource.isNull()) {
                return Optional.empty();
            }
            if (!resource.isObject()) {
                throw invalid(key);
            }
            if ("OperationOutcome".equals(resource.path("resourceType").asText())) {
                return Optional.empty();
            }
            String url = fullUrl == null || fullUrl.isEmpty() ? null : fullUrl;
            List<String> identities = ReadableResources.identities(resource, url);
            if (readable.parseNow(resource)) {
                return Optional.of(Resource.parsed(identities, parse(resource, url)));
            }
            return Optional.of(Resource.setAside(identities, () -> parse(readAgain.get(), url)));
        }

        private IBaseResource parse(JsonNode json, String fullUrl) {
            dropNarratives(json);
            // HAPI reads the Jackson tree already built, rather than the same JSON a second time.
            JacksonStructure structure = new JacksonStructure();
            structure.setNativeObject((ObjectNode) json);
            try {
                IBaseResource resource = ((IJsonLikeParser) parser).parseResource(structure);
                identifyByFullUrl(resource, fullUrl);
                return resource;
            } catch (DataFormatException | ClassCastException e) {
                throw invalid(key);
            }
        }
    }

    // What HAPI does for the entries of a Bundle it parses: the entry's fullUrl becomes the resource's id, which
    // keeps its version (meta.versionId) when the fullUrl names none.
    private static void identifyByFullUrl(IBaseResource resource, String fullUrl) {
        if (fullUrl == null) {
            return;
        }
        String versionId = resource.getIdElement().getVersionIdPart();
        resource.setId(fullUrl);
        if (versionId != null && !versionId.isBlank() && !resource.getIdElement().hasVersionIdPart()) {
            resource.setId(resource.getIdElement().withVersion(versionId));
        }
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

    private static CdsHooksException notAResource(String key) {
        return CdsHooksException.badRequest("invalid", "prefetch '" + key + "' is not a FHIR resource or Bundle");
    }

    private static CdsHooksException invalid(String key) {
        return CdsHooksException.badRequest("invalid", "prefetch '" + key + "' is not valid FHIR R4 JSON");
    }
}
