package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.spinecds.server.SpinecdsApplication;
import org.spinecds.server.testing.TemporaryDirectories;
import org.spinecds.server.testing.TestIssuer;
import org.spinecds.cdshooks.testing.TestServices;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Feedback in the CDS Hooks shape, against the cards the service sent: stored once however often it is posted, all
 * or nothing when an item is wrong, and still there after a restart on the same database file.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FeedbackHttpTest {

    private static final Path DATA = TemporaryDirectories.create("spinecds-feedback-test");
    private static final String RETENTION =
            "/fixtures/back-paresthesia/lumbar-radiculopathy-with-urinary-retention/request.json";
    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
        registry.add("spinecds.data-dir", DATA::toString);
        registry.add("spinecds.feedback.patient-hash-key", () -> "test-key");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private JsonNode redFlag;

    @BeforeEach
    void getACard() throws Exception {
        JsonNode cards = TestServices.JSON.readTree(post(url("/cds-services/back-paresthesia"), fixture(RETENTION))
                .body()).get("cards");
        redFlag = cards.get(0);
        assertThat(kind(redFlag)).isEqualTo("BT-RF-01");
    }

    @Test
    void acceptedFeedbackIsStoredOnceHoweverOftenItIsPosted() throws Exception {
        ObjectNode feedback = feedback(accepted(redFlag));

        assertThat(postFeedback(feedback).statusCode()).isEqualTo(200);
        assertThat(postFeedback(feedback).statusCode()).isEqualTo(200);

        assertThat(rows(redFlag)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT card_kind FROM card_sent WHERE card_uuid = ?").param(uuid(redFlag))
                .query(String.class).single()).isEqualTo("BT-RF-01");
    }

    @Test
    void anOverrideWithOneOfTheCardsReasonsIsStored() throws Exception {
        JsonNode reason = redFlag.get("overrideReasons").get(0);

        assertThat(postFeedback(feedback(overridden(redFlag, reason))).statusCode()).isEqualTo(200);
        assertThat(jdbc.sql("SELECT override_code FROM card_feedback WHERE card_uuid = ?").param(uuid(redFlag))
                .query(String.class).single()).isEqualTo(reason.get("code").asText());
    }

    @Test
    void oneWrongItemStoresNothing() throws Exception {
        ObjectNode wrongOutcome = accepted(redFlag).put("outcome", "ignored");
        ObjectNode unknownReason = overridden(redFlag, TestServices.JSON.createObjectNode()
                .put("system", "http://example.org/reasons").put("code", "because"));
        ObjectNode unknownCard = accepted(redFlag).put("card", "not-a-card-uuid");

        for (ObjectNode bad : new ObjectNode[] {wrongOutcome, unknownReason, unknownCard}) {
            HttpResponse<String> response = postFeedback(feedback(accepted(redFlag), bad));
            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).contains("OperationOutcome", "feedback[1]");
        }
        assertThat(rows(redFlag)).isZero();
    }

    @Test
    void feedbackSurvivesARestartOnTheSameDatabase() throws Exception {
        assertThat(postFeedback(feedback(accepted(redFlag))).statusCode()).isEqualTo(200);

        try (ConfigurableApplicationContext restarted = new SpringApplicationBuilder(SpinecdsApplication.class)
                .run("--spring.main.web-application-type=none", "--spinecds.data-dir=" + DATA)) {
            long stored = restarted.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?")
                    .param(uuid(redFlag)).query(Long.class).single();
            assertThat(stored).isEqualTo(1);
        }
    }

    @Test
    void anOverriddenPieceOfAdviceIsNotShownAgainButAnOverriddenRedFlagIs() throws Exception {
        String url = url("/cds-services/back-paresthesia");
        JsonNode pt = null;
        for (JsonNode card : TestServices.JSON.readTree(post(url, fixture(LUMBAR)).body()).get("cards")) {
            if (kind(card).equals("BT-PT-L")) {
                pt = card;
            }
        }
        assertThat(pt).isNotNull();
        assertThat(postFeedback(feedback(overridden(pt, pt.get("overrideReasons").get(0)),
                overridden(redFlag, redFlag.get("overrideReasons").get(0)))).statusCode()).isEqualTo(200);

        assertThat(kinds(post(url, fixture(LUMBAR)).body())).doesNotContain("BT-PT-L").contains("BT-SELF-CARE");
        assertThat(kinds(post(url, fixture(RETENTION)).body())).contains("BT-RF-01");
    }

    @Test
    void theStatisticsAndMetricsCountTheOverrideWithoutPatientData() throws Exception {
        JsonNode reason = redFlag.get("overrideReasons").get(0);
        assertThat(postFeedback(feedback(overridden(redFlag, reason))).statusCode()).isEqualTo(200);

        String statistics = url("/feedback/statistics");
        assertThat(get(statistics, null).statusCode()).isEqualTo(401);
        HttpResponse<String> response = get(statistics, TestIssuer.INSTANCE.token(statistics));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode redFlags = null;
        for (JsonNode kind : TestServices.JSON.readTree(response.body()).get("cardKinds")) {
            if (kind.get("kind").asText().equals("BT-RF-01")) {
                redFlags = kind;
            }
        }
        assertThat(redFlags).isNotNull();
        assertThat(redFlags.get("overridden").asLong()).isPositive();
        assertThat(redFlags.get("topOverrideReasons").get(0).get("reason").get("code").asText())
                .isEqualTo(reason.get("code").asText());
        assertThat(response.body()).doesNotContain("p1", "patient");

        assertThat(get(url("/actuator/prometheus"), null).body()).containsPattern(
                "spinecds_feedback_total\\{[^}]*kind=\"BT-RF-01\"[^}]*outcome=\"overridden\"[^}]*} [1-9]");
    }

    // ---------------------------------------------------------------- helpers

    private static String fixture(String resource) throws Exception {
        try (var in = FeedbackHttpTest.class.getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String kind(JsonNode card) {
        return card.get("extension").get("org.spinecds.card-id").asText();
    }

    private static List<String> kinds(String response) throws Exception {
        List<String> kinds = new ArrayList<>();
        TestServices.JSON.readTree(response).get("cards").forEach(card -> kinds.add(kind(card)));
        return kinds;
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long rows(JsonNode card) {
        return jdbc.sql("SELECT COUNT(*) FROM card_feedback WHERE card_uuid = ?").param(uuid(card))
                .query(Long.class).single();
    }

    private static String uuid(JsonNode card) {
        return card.get("uuid").asText();
    }

    private static ObjectNode accepted(JsonNode card) {
        ObjectNode item = TestServices.JSON.createObjectNode().put("card", uuid(card)).put("outcome", "accepted")
                .put("outcomeTimestamp", Instant.now().toString());
        item.putArray("acceptedSuggestions").addObject().put("id", card.get("suggestions").get(0).get("uuid").asText());
        return item;
    }

    private static ObjectNode overridden(JsonNode card, JsonNode reason) {
        ObjectNode item = TestServices.JSON.createObjectNode().put("card", uuid(card)).put("outcome", "overridden")
                .put("outcomeTimestamp", OffsetDateTime.now(ZoneOffset.ofHours(1)).toString());
        item.putObject("overrideReason").set("reason", reason);
        return item;
    }

    private static ObjectNode feedback(ObjectNode... items) {
        ObjectNode feedback = TestServices.JSON.createObjectNode();
        ArrayNode array = feedback.putArray("feedback");
        for (ObjectNode item : items) {
            array.add(item);
        }
        return feedback;
    }

    private HttpResponse<String> postFeedback(JsonNode feedback) throws Exception {
        return post(url("/cds-services/back-paresthesia/feedback"), feedback.toString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
