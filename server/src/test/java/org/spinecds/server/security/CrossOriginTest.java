package org.spinecds.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Preflights from an allowed origin, another origin, and with no origin configured. */
class CrossOriginTest {

    private static final String SANDBOX = "https://sandbox.cds-hooks.org";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
            properties = "spinecds.cors.allowed-origins=" + SANDBOX)
    class WithTheSandboxAllowed {

        @LocalServerPort
        int port;

        @Test
        void thePreflightOfAnAllowedOriginGetsTheHeaders() throws Exception {
            HttpResponse<String> response = preflight(port, "/cds-services/back-paresthesia", SANDBOX);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue(SANDBOX);
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                    .contains("authorization", "content-type");
            assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        }

        @Test
        void discoveryPreflightIsAnsweredToo() throws Exception {
            assertThat(preflight(port, "/cds-services", SANDBOX).headers().firstValue("Access-Control-Allow-Origin"))
                    .hasValue(SANDBOX);
        }

        @Test
        void anotherOriginGetsNoHeaders() throws Exception {
            HttpResponse<String> response = preflight(port, "/cds-services/back-paresthesia", "https://evil.example");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class ByDefault {

        @LocalServerPort
        int port;

        @Test
        void noOriginIsAllowed() throws Exception {
            HttpResponse<String> response = preflight(port, "/cds-services/back-paresthesia", SANDBOX);

            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        }
    }

    private static HttpResponse<String> preflight(int port, String path, String origin) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
