package org.spinecds.cdshooks.request;

import java.io.IOException;
import java.util.regex.Pattern;

import org.spinecds.cdshooks.CdsHooksException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a hook request body and checks it against CDS Hooks 2.0.1 for the hook the called service answers:
 * required fields, {@code fhirAuthorization} only with {@code fhirServer} (cds-r-1), the hook's required context,
 * and FHIR-shaped ids. Anything else is a 400 that says which field is wrong.
 *
 * <p>The body is read as a stream: each member of {@code prefetch} goes to a {@link PrefetchSink} as it is read,
 * every other member becomes a (small) JSON tree. A 2 MB record read whole was a 13 MB tree, held while its
 * resources were parsed: most of what a large call kept in memory (benchmarks/README.md).
 */
public final class CdsRequestParser {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern USER_REFERENCE =
            Pattern.compile("(Practitioner|PractitionerRole|Patient|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}");

    // Reads one value of the body at a time: whether anything follows the root object is checked once, at the end.
    private final ObjectReader values;

    public CdsRequestParser(ObjectMapper json) {
        this.values = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public CdsRequest parse(byte[] body, Hook expectedHook, PrefetchSink prefetch) {
        ObjectNode root = readJson(body, prefetch);
        String hook = requiredText(root, "hook", "");
        if (!hook.equals(expectedHook.id())) {
            throw CdsHooksException.badRequest("invalid",
                    "This service answers the hook '" + expectedHook.id() + "', not '" + hook + "'");
        }
        String hookInstance = requiredText(root, "hookInstance", "");
        String fhirServer = optionalText(root, "fhirServer");
        String accessToken = accessToken(root, fhirServer);

        JsonNode context = root.get("context");
        if (context == null || !context.isObject()) {
            throw CdsHooksException.badRequest("required", "'context' is required and must be a JSON object");
        }
        for (String field : expectedHook.requiredContext()) {
            JsonNode value = context.get(field);
            if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
                throw CdsHooksException.badRequest("required",
                        "context." + field + " is required for the hook '" + expectedHook.id() + "'");
            }
        }
        String patientId = patientId(requiredText(context, "patientId", "context."));
        String userId = requiredText(context, "userId", "context.");
        if (!USER_REFERENCE.matcher(userId).matches()) {
            throw CdsHooksException.badRequest("invalid",
                    "context.userId must be a reference such as Practitioner/123");
        }
        // An object went to the sink as it was read: what is left here is any other shape.
        if (root.has("prefetch")) {
            throw CdsHooksException.badRequest("invalid", "'prefetch' must be a JSON object");
        }
        return new CdsRequest(expectedHook, hookInstance, patientId, userId, fhirServer, accessToken, context);
    }

    /** The members of the root object, but for an object or null {@code prefetch}, whose members go to the sink. */
    private ObjectNode readJson(byte[] body, PrefetchSink prefetch) {
        try (JsonParser parser = values.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                if (first != null) {
                    readWhole(parser);
                }
                throw CdsHooksException.badRequest("structure", "The request body must be a JSON object");
            }
            ObjectNode root = values.getConfig().getNodeFactory().objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("prefetch") && (value == JsonToken.START_OBJECT || value == JsonToken.VALUE_NULL)) {
                    root.remove(name);
                    readPrefetch(parser, prefetch);
                } else {
                    root.set(name, values.readTree(parser));
                }
            }
            // A body like `{...} }` or `{...}{...}` is malformed, not "the first value" (see CdsJson).
            if (parser.nextToken() != null) {
                throw CdsHooksException.badRequest("structure", "The request body is not valid JSON");
            }
            return root;
        } catch (JacksonException e) {
            throw CdsHooksException.badRequest("structure", "The request body is not valid JSON");
        } catch (IOException e) {
            throw CdsHooksException.badRequest("structure", "The request body could not be read");
        }
    }

    // A body that is JSON but not an object is told apart from one that is not JSON at all.
    private void readWhole(JsonParser parser) throws IOException {
        values.readTree(parser);
        if (parser.nextToken() != null) {
            throw CdsHooksException.badRequest("structure", "The request body is not valid JSON");
        }
    }

    private static void readPrefetch(JsonParser parser, PrefetchSink prefetch) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            parser.nextToken();
            prefetch.accept(key, parser);
        }
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw CdsHooksException.badRequest("required", "'" + path + field + "' is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw CdsHooksException.badRequest("invalid", "'" + path + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw CdsHooksException.badRequest("invalid", "'" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static String accessToken(JsonNode root, String fhirServer) {
        JsonNode authorization = root.get("fhirAuthorization");
        if (authorization == null || authorization.isNull()) {
            return null;
        }
        if (fhirServer == null) {
            throw CdsHooksException.badRequest("required", "'fhirServer' is required when 'fhirAuthorization' is sent");
        }
        if (!authorization.isObject()) {
            throw CdsHooksException.badRequest("invalid", "'fhirAuthorization' must be a JSON object");
        }
        return requiredText(authorization, "access_token", "fhirAuthorization.");
    }

    // Some EHRs send "Patient/123" where the hook asks for "123".
    private static String patientId(String raw) {
        String id = raw.startsWith("Patient/") ? raw.substring("Patient/".length()) : raw;
        if (!FHIR_ID.matcher(id).matches()) {
            throw CdsHooksException.badRequest("invalid", "context.patientId is not a FHIR Patient id");
        }
        return id;
    }
}
