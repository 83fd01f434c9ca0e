package org.spinecds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spinecds.cdshooks.testing.CardInvariants;
import org.spinecds.cdshooks.testing.TestServices;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The service over real HTTP on a random port: discovery, a patient-view call, and the bad-input matrix, where
 * every refusal is a 4xx with an OperationOutcome and never a stack trace, and no patient data reaches the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spinecds.max-request-bytes=200000")
@ExtendWith(OutputCaptureExtension.class)
class CdsServicesHttpTest {

    private static final String LUMBAR = "fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final String ORDER_SELECT =
            "fixtures/otc-analgesic-order-select/egfr-25-ibuprofen-200-critical/request.json";

    @TestConfiguration
    static class PinnedClock {
        @Bean
        @Primary
        Clock pinnedClock() {
            return Clock.fixed(TestServices.DEFAULT_NOW, ZoneOffset.UTC);
        }
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void discoveryListsThePatientViewAndOrderServices() throws Exception {
        HttpResponse<String> response = get("/cds-services");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> hooks = new ArrayList<>();
        json(response).get("services").forEach(s -> hooks.add(s.get("hook").asText() + " " + s.get("id").asText()));
        assertThat(hooks).containsExactly("patient-view back-paresthesia",
                "order-select otc-analgesic-order-select", "order-sign otc-analgesic-order-sign");
        JsonNode service = json(response).get("services").get(0);
        assertThat(service.get("hook").asText()).isEqualTo("patient-view");
        assertThat(service.get("id").asText()).isEqualTo("back-paresthesia");
        assertThat(service.get("title").asText()).isNotBlank();
        assertThat(service.get("description").asText()).isNotBlank();
        assertThat(service.get("usageRequirements").asText()).isNotBlank();
        assertThat(service.get("prefetch").get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
        assertThat(service.get("prefetch").get("conditions").asText()).isEqualTo("Condition?patient={{context.patientId}}");
    }

    @Test
    void patientViewAnswersTheLumbarCardsOverHttp() throws Exception {
        HttpResponse<String> response = post("/cds-services/back-paresthesia", fixture(LUMBAR));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = json(response);
        CardInvariants.assertValidResponse(body);
        List<String> cardIds = new ArrayList<>();
        body.get("cards").forEach(card -> cardIds.add(card.get("extension").get("org.spinecds.card-id").asText()));
        assertThat(cardIds).containsExactly("BT-MED-OK", "BT-PT-L", "BT-SELF-CARE", "BT-TENS-COMP");
        assertThat(body.get("cards").get(1).get("detail").asText())
                .contains("Standing back extension").contains("M54.16 Radiculopathy, lumbar region");
    }

    @Test
    void orderSelectOfIbuprofenWithEgfr25IsCriticalWithARemoveSuggestion() throws Exception {
        HttpResponse<String> response = post("/cds-services/otc-analgesic-order-select", fixture(ORDER_SELECT));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        CardInvariants.assertValidResponse(body);
        JsonNode card = body.get("cards").get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText()).contains("Avoid oral NSAIDs").contains("severe kidney impairment");
        assertThat(card.get("suggestions").get(0).get("actions").get(0).get("resourceId").asText())
                .isEqualTo("MedicationRequest/ibu");
    }

    @Test
    void patientWithoutBackTinglingGetsAnEmptyCardList() throws Exception {
        ObjectNode request = (ObjectNode) TestServices.JSON.readTree(fixture(LUMBAR));
        request.with("prefetch").set("conditions", null);

        HttpResponse<String> response = post("/cds-services/back-paresthesia", request.toString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"cards\":[]}");
    }

    @Test
    void malformedJsonIs400WithAnOperationOutcome() throws Exception {
        assertRefused(post("/cds-services/back-paresthesia", "{\"hook\": \"patient-view\", "), 400, "structure");
    }

    @Test
    void wrongHookIs400() throws Exception {
        String body = fixture(LUMBAR).replace("\"patient-view\"", "\"order-sign\"");
        assertRefused(post("/cds-services/back-paresthesia", body), 400, "invalid");
    }

    @Test
    void missingContextIs400() throws Exception {
        ObjectNode request = (ObjectNode) TestServices.JSON.readTree(fixture(LUMBAR));
        request.remove("context");
        assertRefused(post("/cds-services/back-paresthesia", request.toString()), 400, "required");
    }

    @Test
    void prefetchThatIsNotFhirIs400() throws Exception {
        ObjectNode request = (ObjectNode) TestServices.JSON.readTree(fixture(LUMBAR));
        request.with("prefetch").put("conditions", "<html><body>Internal Server Error</body></html>");
        assertRefused(post("/cds-services/back-paresthesia", request.toString()), 400, "invalid");
    }

    @Test
    void missingRequiredPrefetchWithoutFhirServerIs412() throws Exception {
        ObjectNode request = (ObjectNode) TestServices.JSON.readTree(fixture(LUMBAR));
        request.with("prefetch").remove("conditions");
        HttpResponse<String> response = post("/cds-services/back-paresthesia", request.toString());
        assertRefused(response, 412, "processing");
        assertThat(response.body()).contains("conditions");
    }

    @Test
    void unknownServiceIs404() throws Exception {
        assertRefused(post("/cds-services/no-such-service", fixture(LUMBAR)), 404, "not-found");
    }

    @Test
    void unknownPathIs404() throws Exception {
        assertRefused(get("/nothing-here"), 404, "not-found");
    }

    @Test
    void getOnAServiceIs405() throws Exception {
        assertRefused(get("/cds-services/back-paresthesia"), 405, "not-supported");
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String huge = "{\"hook\":\"patient-view\",\"padding\":\"" + "x".repeat(300_000) + "\"}";
        assertRefused(post("/cds-services/back-paresthesia", huge), 413, "too-long");
    }

    @Test
    void patientDataNeverReachesTheLog(CapturedOutput output) throws Exception {
        String body = fixture(LUMBAR);
        post("/cds-services/back-paresthesia", body);
        post("/cds-services/back-paresthesia", body.replace("\"patient-view\"", "\"order-sign\""));

        assertThat(output.getAll()).contains("service=back-paresthesia")
                .doesNotContain("M54.16").doesNotContain("Radiculopathy").doesNotContain("1981-04-12");
    }

    private void assertRefused(HttpResponse<String> response, int status, String issueType) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/fhir+json");
        JsonNode outcome = json(response);
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(outcome.get("issue").get(0).get("code").asText()).isEqualTo(issueType);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", bearer(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(path))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String bearer(String path) {
        return "Bearer " + TestIssuer.INSTANCE.token(uri(path).toString().replaceFirst("\\?.*$", ""));
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return TestServices.JSON.readTree(response.body());
    }

    private static String fixture(String resource) throws IOException {
        try (InputStream in = CdsServicesHttpTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
