package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.spinecds.server.testing.TemporaryDirectories;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A call by a trial issuer (the clinician page) is told apart by its verified token: its cards are marked. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TrialCallsHttpTest {

    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
        registry.add("spinecds.data-dir", () -> TemporaryDirectories.create("spinecds-trial-test").toString());
        registry.add("spinecds.feedback.trial-issuers", () -> TestIssuer.ISSUER);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CardSentWriter writer;

    @Test
    void theCardsOfATrialIssuersCallAreMarked() throws Exception {
        String url = "http://127.0.0.1:" + port + "/cds-services/back-paresthesia";
        byte[] body;
        try (var in = TrialCallsHttpTest.class.getResourceAsStream(LUMBAR)) {
            body = in.readAllBytes();
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token(url))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        writer.awaitQueued(); // the cards are written a moment after the answer
        assertThat(jdbc.queryForList("SELECT DISTINCT trial FROM card_sent", Boolean.class)).containsExactly(true);
    }
}
