package org.spinecds.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spinecds.cdshooks.service.otcanalgesic.OtcAnalgesicOrderServices;
import org.spinecds.cdshooks.testing.Scenario;
import org.spinecds.cdshooks.testing.TestServices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The safety property of suggestions, checked from the outside: for every medication order any scenario suggests,
 * a new order-select call is made as if the clinician had accepted it (the suggestion's deletes applied to the
 * draft orders, its new order drafted and selected), and that call must raise no warning or critical card.
 */
class SuggestedOrdersAreSafeTest {

    private static final String SUGGESTED_ID = "accepted-suggestion";

    @TestFactory
    Stream<DynamicTest> everySuggestedOrderPassesTheSameRules() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Scenario scenario : Scenario.all()) {
            JsonNode request = scenario.request();
            JsonNode response = call(scenario, scenario.serviceId(), scenario.requestBody());
            for (JsonNode card : response.path("cards")) {
                for (JsonNode suggestion : card.path("suggestions")) {
                    if (createsMedicationOrder(suggestion)) {
                        tests.add(DynamicTest.dynamicTest(scenario + ": " + suggestion.get("label").asText(),
                                () -> assertAcceptingIsSafe(scenario, request, suggestion)));
                    }
                }
            }
        }
        return tests.stream();
    }

    /** Guards the test above against passing vacuously. */
    @Test
    void scenariosDoSuggestReplacementOrders() {
        long suggestedOrders = everySuggestedOrderPassesTheSameRules().count();
        assertThat(suggestedOrders).isGreaterThanOrEqualTo(5);
    }

    private static void assertAcceptingIsSafe(Scenario scenario, JsonNode original, JsonNode suggestion) {
        ObjectNode request = original.deepCopy();
        request.put("hook", "order-select");
        ObjectNode context = request.with("context");
        ArrayNode entries = TestServices.JSON.createArrayNode();
        List<String> deleted = new ArrayList<>();
        suggestion.get("actions").forEach(a -> {
            if (a.get("type").asText().equals("delete")) {
                deleted.add(a.get("resourceId").asText());
            }
        });
        context.path("draftOrders").path("entry").forEach(entry -> {
            JsonNode resource = entry.get("resource");
            if (!deleted.contains(resource.get("resourceType").asText() + "/" + resource.get("id").asText())) {
                entries.add(entry);
            }
        });
        suggestion.get("actions").forEach(a -> {
            if (a.get("type").asText().equals("create")) {
                ObjectNode order = a.get("resource").deepCopy();
                order.put("id", SUGGESTED_ID);
                entries.addObject().set("resource", order);
            }
        });
        ObjectNode draftOrders = context.putObject("draftOrders");
        draftOrders.put("resourceType", "Bundle").put("type", "collection").set("entry", entries);
        context.putArray("selections").add("MedicationRequest/" + SUGGESTED_ID);

        JsonNode response = call(scenario, OtcAnalgesicOrderServices.ORDER_SELECT_ID, request.toString().getBytes(StandardCharsets.UTF_8));
        response.path("cards").forEach(card -> assertThat(card.get("indicator").asText())
                .as("%s after accepting \"%s\": %s", scenario, suggestion.get("label").asText(), card.get("summary"))
                .isEqualTo("info"));
    }

    private static boolean createsMedicationOrder(JsonNode suggestion) {
        for (JsonNode action : suggestion.path("actions")) {
            if (action.path("resource").path("resourceType").asText().equals("MedicationRequest")) {
                return true;
            }
        }
        return false;
    }


    private static JsonNode call(Scenario scenario, String serviceId, byte[] body) {
        return TestServices.JSON.valueToTree(TestServices.api(scenario.now()).call(serviceId, body));
    }
}
