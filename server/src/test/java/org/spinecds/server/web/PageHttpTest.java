package org.spinecds.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.spinecds.server.security.PageTokens;
import org.spinecds.server.testing.LocalProfile;
import org.spinecds.server.testing.TemporaryDirectories;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The clinician page's endpoints over HTTP: in the local profile, tokens only for the paths the page calls, a Bundle
 * made into a request, bad input answered with a 4xx OperationOutcome; without the profile, no page at all.
 */
class PageHttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @ActiveProfiles("local")
    class InTheLocalProfile {

        static final Path KEY_DIR = TemporaryDirectories.create("spinecds-page-http-keys");

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            LocalProfile.register(registry, KEY_DIR);
        }

        @LocalServerPort
        int port;

        @Test
        void thePageIsServedAtTheRoot() throws Exception {
            HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(url("/")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<script src=\"/page/page.js\"");
        }

        @Test
        void aPageTokenCallsAServiceAsATrialIssuerOnce() throws Exception {
            String token = JSON.readTree(post("/page/token", "{\"path\": \"/cds-services/back-paresthesia\"}")
                    .body()).path("token").asText();
            HttpResponse<String> request = post("/page/request?hook=patient-view",
                    example("urinary-retention-ibuprofen.json"));
            JsonNode built = JSON.readTree(request.body());
            assertThat(built.path("service").asText()).isEqualTo("back-paresthesia");
            assertThat(built.path("request").path("context").path("userId").asText())
                    .isEqualTo("Practitioner/clinician-page");

            HttpRequest call = HttpRequest.newBuilder(url("/cds-services/back-paresthesia"))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString(built.path("request").toString())).build();
            HttpResponse<String> answer = HTTP.send(call, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("BT-RF-01");
            assertThat(HTTP.send(call, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        }

        @Test
        void tokensAreOnlyForThePathsThePageCalls() throws Exception {
            for (String path : new String[] {"/actuator/prometheus", "/cds-services/../actuator", "//evil.example/x",
                    "/feedback/statistics/x", "/cds-services/a/b"}) {
                assertOutcome(post("/page/token", JSON.createObjectNode().put("path", path).toString()), 400);
            }
            assertOutcome(post("/page/token", "{}"), 400);
            assertOutcome(post("/page/token", "not json"), 400);
            assertOutcome(post("/page/token", "[]"), 400);
            HttpResponse<String> notJson = HTTP.send(HttpRequest.newBuilder(url("/page/token"))
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"path\": \"/cds-services\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertOutcome(notJson, 415);
            assertThat(post("/page/token", "{\"path\": \"/feedback/statistics\"}").statusCode()).isEqualTo(200);
        }

        @Test
        void aBundleThatCannotBeARequestIsRefusedSayingWhy() throws Exception {
            assertOutcome(post("/page/request?hook=patient-view", "{\"resourceType\": \"Patient\"}"), 400);
            assertOutcome(post("/page/request?hook=patient-view", "{\"resourceType\": \"Bundle\"}"), 400);
            assertOutcome(post("/page/request?hook=patient-view", "{\"resourceType\": \"Bundle\", \"entry\": 3}"),
                    400);
            assertOutcome(post("/page/request?hook=no-such-hook", example("lumbar-radiculopathy-naproxen.json")), 400);
            assertOutcome(post("/page/request", example("lumbar-radiculopathy-naproxen.json")), 400);
            String withoutDraft = example("lumbar-radiculopathy-naproxen.json").replace("\"draft\"", "\"active\"");
            HttpResponse<String> noOrder = post("/page/request?hook=order-select", withoutDraft);
            assertOutcome(noOrder, 400);
            assertThat(noOrder.body()).contains("no draft MedicationRequest");
        }

        private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        private URI url(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithoutTheLocalProfile {

        @DynamicPropertySource
        static void properties(DynamicPropertyRegistry registry) {
            TestIssuer.register(registry);
            registry.add("spinecds.data-dir", () -> TemporaryDirectories.create("spinecds-no-page").toString());
        }

        @LocalServerPort
        int port;

        @Test
        void thereIsNoPageAndNoTokenForIt() throws Exception {
            for (String path : new String[] {"/", "/page/index.html", "/page/examples/index.json"}) {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as(path).isEqualTo(404);
            }
            HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/page/token")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"path\": \"/cds-services\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(token.statusCode()).isEqualTo(404);
            assertThat(token.body()).doesNotContain(PageTokens.ISSUER);
        }
    }

    private static void assertOutcome(HttpResponse<String> response, int status) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(JSON.readTree(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    }

    private static String example(String file) throws IOException {
        try (InputStream in = PageHttpTest.class.getResourceAsStream("/page/examples/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
