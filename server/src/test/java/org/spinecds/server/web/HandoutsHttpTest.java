package org.spinecds.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.ExerciseCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue.Handout;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The handouts over HTTP as an EHR's browser opens them from a card: public (no token), HTML, each with its own
 * region's exercises from the catalogue and the shared advice; an unknown one 404; and the link on a lumbar card is
 * the lower-back handout under the server's public base URL, and opens.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HandoutsHttpTest {

    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = CdsJson.mapper();
    private static final ExerciseCatalogue EXERCISES = ExerciseCatalogue.loadFromClasspath(JSON);
    private static final HandoutCatalogue HANDOUTS = HandoutCatalogue.loadFromClasspath(JSON, EXERCISES);

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void eachHandoutIsPublicHtmlWithItsRegionsExercisesAndNoOtherRegionsOwn() throws Exception {
        for (String path : new String[] {"/handouts/lower-back", "/handouts/mid-back", "/handouts/upper-back"}) {
            String id = path.substring(HandoutCatalogue.PATH.length());
            HttpResponse<String> response = get(url(path));

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
            assertThat(response.headers().firstValue("Cache-Control")).get().asString().contains("max-age");
            assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                    .contains("default-src 'none'");
            String page = response.body();
            Handout handout = HANDOUTS.require(id);
            for (String exercise : handout.exercises()) {
                assertThat(page).as("%s has %s", path, exercise).contains(heading(exercise));
            }
            for (String exercise : otherRegionsOwnExercises(id)) {
                assertThat(page).as("%s lacks %s", path, exercise).doesNotContain(heading(exercise));
            }
            assertThat(page).as(path).contains("at least three times a week", "emergency department now",
                    "numb between your legs", "Contact your clinician today", "not getting better after a few weeks")
                    .doesNotContainIgnoringCase("<script");
        }
    }

    @Test
    void anUnknownHandoutIs404WithAPage() throws Exception {
        HttpResponse<String> response = get(url("/handouts/knee"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(response.body()).contains("Handout not found", "href=\"lower-back\"");
        assertThat(get(URI.create(url("/handouts/knee")).resolve("lower-back").toString()).statusCode())
                .as("its relative links lead to the handouts").isEqualTo(200);
    }

    @Test
    void aLumbarCardLinksToTheLowerBackHandoutUnderThePublicBaseUrl() throws Exception {
        String service = url("/cds-services/back-paresthesia");
        HttpResponse<String> cards = post(service, lumbarRequest(), TestIssuer.INSTANCE.token(service));
        assertThat(cards.statusCode()).isEqualTo(200);

        JsonNode lumbar = null;
        for (JsonNode card : JSON.readTree(cards.body()).get("cards")) {
            if (card.path("extension").path("org.spinecds.card-id").asText().equals("BT-PT-L")) {
                lumbar = card;
            }
        }
        assertThat(lumbar).as("the lumbar exercise card").isNotNull();
        JsonNode link = lumbar.get("links").get(0);
        assertThat(link.get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/handouts/lower-back");
        assertThat(link.get("type").asText()).isEqualTo("absolute");
        assertThat(link.get("label").asText()).isEqualTo("Patient handout: lower-back exercises");
        assertThat(get(link.get("url").asText()).statusCode()).as("the link opens without a token").isEqualTo(200);
    }

    private static Set<String> otherRegionsOwnExercises(String id) {
        Set<String> others = new LinkedHashSet<>();
        HANDOUTS.handouts().forEach((other, handout) -> {
            if (!other.equals(id)) {
                others.addAll(handout.exercises());
            }
        });
        others.removeAll(HANDOUTS.require(id).exercises());
        return others;
    }

    private static String heading(String exercise) {
        return "<h3>" + HtmlDocument.escape(EXERCISES.get(exercise).name()) + "</h3>";
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String lumbarRequest() throws Exception {
        try (var in = HandoutsHttpTest.class.getResourceAsStream(LUMBAR)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
