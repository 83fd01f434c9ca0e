package org.spinecds.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spinecds.cdshooks.testing.Scenario;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Every log line the service writes while it answers every fixture patient (200), and the same requests made
 * invalid in the ways clients get them wrong (4xx), holds no patient name, birth date, identifier or telecom, no
 * access token or JWT, and no client text that could forge a log line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LogsHoldNoPatientDataTest {

    private static final Path FIXTURES = Path.of("..", "cds-hooks", "src", "test", "resources", "fixtures");
    private static final String TOKEN = "access-token-that-must-never-be-logged-7f3a";
    private static final String FORGED = "forged-log-line-2d9c";

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final java.util.List<String> jwts = new java.util.ArrayList<>();

    @Test
    void noPatientDataTokenOrForgedLineReachesTheLog(CapturedOutput output) throws Exception {
        Set<String> secrets = new LinkedHashSet<>();
        for (Scenario scenario : Scenario.all(FIXTURES)) {
            ObjectNode request = scenario.request();
            request.put("fhirServer", "https://ehr.example/fhir");
            request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "spinecds");
            request.put("hookInstance", "instance\n2026-12-03 ERROR " + FORGED);
            secrets.addAll(patientSecrets(request));

            assertThat(post(scenario.serviceId(), request.toString())).isEqualTo(200);
            assertThat(post(scenario.serviceId(), request.put("hook", "order-sign\n" + FORGED).toString()))
                    .isIn(200, 400);
            assertThat(post(scenario.serviceId(), request.toString().replace("\"resourceType\"", "\"resourceTyp\"")))
                    .isBetween(400, 499);
            assertThat(post("no-such-service\n" + FORGED, request.toString())).isEqualTo(404);
        }

        assertThat(secrets).as("the fixtures hold patient data to look for").hasSizeGreaterThan(5);
        String log = output.getAll();
        assertThat(log).contains("service=back-paresthesia");
        for (String secret : secrets) {
            assertThat(log).as("the log holds patient data").doesNotContain(secret);
        }
        assertThat(log).doesNotContain(TOKEN);
        assertThat(jwts).isNotEmpty().allSatisfy(jwt -> assertThat(log).doesNotContain(jwt)
                .doesNotContain(jwt.substring(jwt.lastIndexOf('.') + 1)));
        assertThat(log.lines().filter(line -> line.contains(FORGED)))
                .as("client text is on the line of the entry that quotes it, never a line of its own")
                .allMatch(line -> line.contains("Refused a CDS Hooks call") || line.contains("service="));
    }

    /** Names, birth dates, identifiers and telecoms of the request's Patient resources. */
    private static Set<String> patientSecrets(JsonNode request) {
        Set<String> secrets = new LinkedHashSet<>();
        request.path("prefetch").forEach(value -> collect(value, secrets));
        return secrets;
    }

    private static void collect(JsonNode node, Set<String> secrets) {
        if (node.isObject() && "Patient".equals(node.path("resourceType").asText())) {
            node.path("name").forEach(name -> {
                name.path("given").forEach(given -> secrets.add(given.asText()));
                if (name.has("family")) {
                    secrets.add(name.get("family").asText());
                }
            });
            if (node.has("birthDate")) {
                secrets.add(node.get("birthDate").asText());
            }
            node.path("identifier").forEach(id -> secrets.add(id.path("value").asText()));
            node.path("telecom").forEach(telecom -> secrets.add(telecom.path("value").asText()));
            secrets.removeIf(secret -> secret.length() < 4);
            return;
        }
        node.forEach(child -> collect(child, secrets));
    }

    private String jwt(String url) {
        String jwt = TestIssuer.INSTANCE.token(url);
        jwts.add(jwt);
        return jwt;
    }

    private int post(String serviceId, String body) throws Exception {
        String path = "/cds-services/" + java.net.URLEncoder.encode(serviceId, java.nio.charset.StandardCharsets.UTF_8);
        String url = "http://127.0.0.1:" + port + path;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + jwt(url))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
