package org.spinecds.cdshooks.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * The CDS Hooks 2.0.1 rules every response and card must keep (spec 2.1, 2.7): every test that produces cards runs
 * them through here, so one place states what "a valid card" means.
 */
public final class CardInvariants {

    private static final Set<String> INDICATORS = Set.of("info", "warning", "critical");
    private static final Set<String> SELECTION = Set.of("at-most-one", "any");
    private static final Set<String> ACTION_TYPES = Set.of("create", "update", "delete");
    private static final Pattern ABSOLUTE_LINK =
            Pattern.compile("https://.+|http://(localhost|127\\.0\\.0\\.1)(:\\d+)?/.*");
    private static final Pattern RAW_HTML = Pattern.compile("<\\s*/?\\s*[a-zA-Z]");
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    private CardInvariants() {
    }

    /** Checks a whole response body: {@code {"cards": [...]}}, no null or empty element anywhere, every card valid. */
    public static void assertValidResponse(JsonNode response) {
        assertThat(response.has("cards")).as("response has cards").isTrue();
        assertThat(response.get("cards").isArray()).as("cards is an array").isTrue();
        Set<String> uuids = new HashSet<>();
        for (JsonNode card : response.get("cards")) {
            assertNoNullOrEmpty(card, "card");
            assertValidCard(card);
            assertThat(uuids.add(card.get("uuid").asText())).as("card uuid is unique").isTrue();
        }
    }

    private static void assertValidCard(JsonNode card) {
        String summary = text(card, "summary");
        assertThat(summary.length()).as("summary under 140 characters: %s", summary).isLessThan(140);
        assertThat(text(card, "uuid")).isNotBlank();
        assertThat(INDICATORS).as("indicator").contains(text(card, "indicator"));
        JsonNode source = card.get("source");
        assertThat(source).as("source").isNotNull();
        assertThat(text(source, "label")).isNotBlank();
        if (source.has("url")) {
            assertThat(text(source, "url")).as("source.url is absolute").startsWith("https://");
        }
        if (card.has("detail")) {
            assertThat(RAW_HTML.matcher(text(card, "detail")).find()).as("detail is markdown without raw HTML").isFalse();
        }
        if (card.has("suggestions")) {
            assertValidSuggestions(card);
        } else {
            assertThat(card.has("selectionBehavior")).as("selectionBehavior only with suggestions").isFalse();
        }
        for (JsonNode reason : card.path("overrideReasons")) {
            assertThat(text(reason, "display")).as("override reason display (cds-resp-4)").isNotBlank();
            assertThat(text(reason, "code")).isNotBlank();
            assertThat(text(reason, "system")).isNotBlank();
        }
        for (JsonNode link : card.path("links")) {
            assertThat(text(link, "label")).isNotBlank();
            assertThat(text(link, "url")).as("link url is https, or http on loopback (development)")
                    .matches(ABSOLUTE_LINK);
            assertThat(text(link, "type")).isIn("absolute", "smart");
            if (link.has("appContext")) {
                assertThat(text(link, "type")).as("appContext only on smart links (cds-resp-3)").isEqualTo("smart");
            }
        }
    }

    private static void assertValidSuggestions(JsonNode card) {
        String behaviour = text(card, "selectionBehavior");
        assertThat(SELECTION).as("selectionBehavior (cds-resp-6)").contains(behaviour);
        int recommended = 0;
        Set<String> uuids = new HashSet<>();
        for (JsonNode suggestion : card.get("suggestions")) {
            assertThat(text(suggestion, "label")).isNotBlank();
            assertThat(uuids.add(text(suggestion, "uuid"))).as("suggestion uuid is unique").isTrue();
            if (suggestion.path("isRecommended").asBoolean(false)) {
                recommended++;
            }
            for (JsonNode action : suggestion.path("actions")) {
                assertValidAction(action);
            }
        }
        if (behaviour.equals("at-most-one")) {
            assertThat(recommended).as("at most one recommended suggestion (cds-resp-1)").isLessThanOrEqualTo(1);
        }
    }

    private static void assertValidAction(JsonNode action) {
        String type = text(action, "type");
        assertThat(ACTION_TYPES).contains(type);
        assertThat(text(action, "description")).as("action description (cds-resp-5)").isNotBlank();
        if (type.equals("delete")) {
            assertThat(text(action, "resourceId")).as("delete uses resourceId (cds-resp-2)").contains("/");
        } else {
            JsonNode resource = action.get("resource");
            assertThat(resource).as("%s action carries a resource", type).isNotNull();
            // The resource must be FHIR R4 that HAPI reads without complaint.
            FHIR.newJsonParser().setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler())
                    .parseResource(resource.toString());
        }
    }

    private static void assertNoNullOrEmpty(JsonNode node, String path) {
        assertThat(node.isNull()).as("%s is null", path).isFalse();
        if (node.isTextual()) {
            assertThat(node.asText()).as("%s is an empty string", path).isNotEmpty();
        }
        if (node.isContainerNode()) {
            assertThat(node.size()).as("%s is empty", path).isPositive();
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                assertNoNullOrEmpty(field.getValue(), path + "." + field.getKey());
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                assertNoNullOrEmpty(node.get(i), path + "[" + i + "]");
            }
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        assertThat(value).as("%s is present", field).isNotNull();
        return value.asText();
    }
}
