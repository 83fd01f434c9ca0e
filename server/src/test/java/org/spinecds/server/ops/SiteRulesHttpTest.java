package org.spinecds.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.spinecds.server.SpinecdsApplication;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A site's values for the rules and the card kinds it switched off: named in discovery, applied to the cards, and a
 * wrong entry stops the start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spinecds.rules.parameters.severe-pain-threshold=9",
        "spinecds.rules.parameters.episode-look-back=6 months",
        "spinecds.rules.disabled-cards=BT-TENS-COMP"})
class SiteRulesHttpTest {

    private static final String SEVERE = "/fixtures/back-paresthesia/severe-pain-8-of-10/request.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void discoveryNamesTheSiteValuesAndTheCardsSwitchedOff() throws Exception {
        String url = "http://127.0.0.1:" + port + "/cds-services";
        String services = send(HttpRequest.newBuilder(URI.create(url)).GET()
                .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token(url)).build());

        assertThat(services).contains("\"org.spinecds.site-parameters\":{\"Episode Look-back\":\"6 months\","
                + "\"Severe Pain Threshold\":\"9\"}", "\"org.spinecds.disabled-cards\":[\"BT-TENS-COMP\"]");
    }

    @Test
    void theSiteValuesDecideTheCards() throws Exception {
        String url = "http://127.0.0.1:" + port + "/cds-services/back-paresthesia";
        String body;
        try (var in = SiteRulesHttpTest.class.getResourceAsStream(SEVERE)) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String cards = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token(url))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());

        assertThat(cards).contains("BT-PT-L").doesNotContain("BT-REF-01").doesNotContain("BT-TENS-COMP");
    }

    @Test
    void aWrongEntryStopsTheStart() {
        assertThatThrownBy(() -> start("spinecds.rules.parameters.severe-pain-treshold=9"))
                .hasStackTraceContaining("'severe-pain-treshold' is not a site parameter");
        assertThatThrownBy(() -> start("spinecds.rules.parameters.episode-look-back=12"))
                .hasStackTraceContaining("needs a duration");
        assertThatThrownBy(() -> start("spinecds.rules.disabled-cards=BT-NOPE"))
                .hasStackTraceContaining("no card kind [BT-NOPE]");
    }

    private static void start(String property) {
        new SpringApplicationBuilder(SpinecdsApplication.class)
                .run("--spring.main.web-application-type=none", "--" + property).close();
    }

    private static String send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
