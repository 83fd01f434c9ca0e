package org.spinecds.cdshooks.prefetch;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.spinecds.cdshooks.request.CdsRequest;

/**
 * One prefetch key and its FHIR query, using CDS Hooks 2.0 tokens only (spec Decision 13): {@code {{context.x}}} for
 * a root-level primitive context field, and {@code {{userPractitionerId}}} and its siblings derived from userId.
 * A required key the client neither sent nor lets us fetch makes the request fail with 412.
 */
public record PrefetchTemplate(String key, String query, boolean required) {

    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([A-Za-z.]+)\\s*}}");

    public static PrefetchTemplate required(String key, String query) {
        return new PrefetchTemplate(key, query, true);
    }

    public static PrefetchTemplate optional(String key, String query) {
        return new PrefetchTemplate(key, query, false);
    }

    /**
     * The query with its tokens filled in from the request (each value URL-encoded; a FHIR id is unchanged by that),
     * or empty when a token has no value in it.
     */
    public Optional<String> render(CdsRequest request) {
        Matcher matcher = TOKEN.matcher(query);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            Optional<String> value = tokenValue(matcher.group(1), request);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            // Context fields other than patientId and userId are unchecked client text: encoded, a value such as
            // "1&_include=*" or "../Patient" stays one parameter value and cannot reshape the fetched URL.
            String encoded = URLEncoder.encode(value.get(), StandardCharsets.UTF_8);
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(encoded));
        }
        matcher.appendTail(rendered);
        return Optional.of(rendered.toString());
    }

    private static Optional<String> tokenValue(String token, CdsRequest request) {
        if (token.equals("context.patientId")) {
            return Optional.of(request.patientId());
        }
        if (token.startsWith("context.")) {
            var value = request.context().get(token.substring("context.".length()));
            return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
        }
        String userType = switch (token) {
            case "userPractitionerId" -> "Practitioner/";
            case "userPractitionerRoleId" -> "PractitionerRole/";
            case "userPatientId" -> "Patient/";
            case "userRelatedPersonId" -> "RelatedPerson/";
            default -> null;
        };
        if (userType != null && request.userId().startsWith(userType)) {
            return Optional.of(request.userId().substring(userType.length()));
        }
        return Optional.empty();
    }
}
