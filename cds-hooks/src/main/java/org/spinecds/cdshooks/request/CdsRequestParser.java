package org.spinecds.cdshooks.request;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.spinecds.cdshooks.CdsHooksException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a hook request body and checks it against CDS Hooks 2.0.1 for the hook the called service answers:
 * required fields, {@code fhirAuthorization} only with {@code fhirServer} (cds-r-1), the hook's required context,
 * and FHIR-shaped ids. Anything else is a 400 that says which field is wrong.
 */
public final class CdsRequestParser {

    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
    private static final Pattern USER_REFERENCE =
            Pattern.compile("(Practitioner|PractitionerRole|Patient|RelatedPerson)/[A-Za-z0-9\\-.]{1,64}");

    private final ObjectMapper json;

    public CdsRequestParser(ObjectMapper json) {
        this.json = json;
    }

    public CdsRequest parse(byte[] body, Hook expectedHook) {
        JsonNode root = readJson(body);
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
        return new CdsRequest(expectedHook, hookInstance, patientId, userId, fhirServer, accessToken, context,
                prefetch(root));
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw CdsHooksException.badRequest("structure", "The request body must be a JSON object");
            }
            return root;
        } catch (JacksonException e) {
            throw CdsHooksException.badRequest("structure", "The request body is not valid JSON");
        } catch (IOException e) {
            throw CdsHooksException.badRequest("structure", "The request body could not be read");
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

    private static Map<String, JsonNode> prefetch(JsonNode root) {
        JsonNode prefetch = root.get("prefetch");
        Map<String, JsonNode> values = new LinkedHashMap<>();
        if (prefetch == null || prefetch.isNull()) {
            return values;
        }
        if (!prefetch.isObject()) {
            throw CdsHooksException.badRequest("invalid", "'prefetch' must be a JSON object");
        }
        prefetch.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
        return values;
    }
}
