package org.spinecds.server.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;

/**
 * Every call needs a CDS client's JWT: good ES384 and RS384 tokens are served, and every bad one (for each rule)
 * gets the same 401 body; the token never reaches the log. Also the default profile with no issuer, and the local
 * profile's development and sandbox issuers.
 */
class SecurityHttpTest {

    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @ExtendWith(OutputCaptureExtension.class)
    class WithATrustedIssuer {

        static final String TENANT_ISSUER = "https://tenant-ehr.test.example";
        static final WireMockServer JKU_HOST = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        static final ECKey JKU_KEY = generate("jku-key");

        @DynamicPropertySource
        static void issuers(DynamicPropertyRegistry registry) {
            TestIssuer.register(registry);
            registry.add("spinecds.security.issuers[0].jku-allowed", () -> "http://127.0.0.1:*/keys");
            registry.add("spinecds.security.issuers[1].iss", () -> TENANT_ISSUER);
            registry.add("spinecds.security.issuers[1].jwks-uri", () -> TestIssuer.INSTANCE.jwksFile().toUri().toString());
            registry.add("spinecds.security.issuers[1].tenant", () -> "org-42");
        }

        @BeforeAll
        static void serveJku() {
            JKU_HOST.start();
            JKU_HOST.stubFor(get(urlPathEqualTo("/keys/jwks.json")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(JKU_KEY.toPublicJWK()).toString())));
        }

        @AfterAll
        static void stopJku() {
            JKU_HOST.stop();
        }

        @LocalServerPort
        int port;

        @Test
        void withoutATokenEveryCallIs401() throws Exception {
            assertUnauthorized(send(getWith(url("/cds-services"), null)));
            assertUnauthorized(send(postWith(url("/cds-services/back-paresthesia"), null)));
            assertUnauthorized(send(postWith(url("/cds-services/otc-analgesic-order-select"), null)));
        }

        @Test
        void aGoodEs384TokenIsServedOnceAndRefusedWhenReplayed() throws Exception {
            String url = url("/cds-services/back-paresthesia");
            String token = TestIssuer.INSTANCE.token(url);

            HttpResponse<String> first = send(postWith(url, token));
            HttpResponse<String> again = send(postWith(url, token));

            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("\"cards\"", "BT-PT-L");
            assertUnauthorized(again);
        }

        @Test
        void aGoodRs384TokenIsServed() throws Exception {
            String url = url("/cds-services/back-paresthesia");
            HttpResponse<String> response = send(postWith(url, TestIssuer.INSTANCE.token(url, c -> c, JWSAlgorithm.RS384)));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("BT-PT-L");
        }

        @Test
        void discoveryNeedsAGoodTokenToo() throws Exception {
            String url = url("/cds-services");
            assertThat(send(getWith(url, TestIssuer.INSTANCE.token(url))).statusCode()).isEqualTo(200);
        }

        @Test
        void aKeyFetchedFromAnAllowedJkuIsUsed() throws Exception {
            String url = url("/cds-services/back-paresthesia");
            String token = signEs384(JKU_KEY, URI.create("http://127.0.0.1:" + JKU_HOST.port() + "/keys/jwks.json"),
                    TestIssuer.claims(url).build());

            assertThat(send(postWith(url, token)).statusCode()).isEqualTo(200);
        }

        @Test
        void everyBadTokenGetsTheSame401(CapturedOutput output) throws Exception {
            String url = url("/cds-services/back-paresthesia");
            String other = url("/cds-services/otc-analgesic-order-select");
            TestIssuer issuer = TestIssuer.INSTANCE;
            String replayed = issuer.token(url);
            send(postWith(url, replayed));
            ECKey stranger = generate("test-es384");
            Map<String, String> bad = new java.util.LinkedHashMap<>();
            bad.put("malformed", "not.a.jwt");
            bad.put("alg none", new PlainJWT(TestIssuer.claims(url).build()).serialize());
            bad.put("HS256 with the public key as secret", TestIssuer.sign(
                    new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("test-es384").build(), TestIssuer.claims(url).build(),
                    new MACSigner(issuer.ecKey().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8))));
            bad.put("unknown kid", signEs384(generate("unknown-kid"), null, TestIssuer.claims(url).build()));
            bad.put("same kid, another key", signEs384(stranger, null, TestIssuer.claims(url).build()));
            bad.put("jku off the allow-list", signEs384(JKU_KEY,
                    URI.create("http://localhost:" + JKU_HOST.port() + "/keys/jwks.json"), TestIssuer.claims(url).build()));
            bad.put("wrong iss", issuer.token(url, c -> c.issuer("https://evil.example"), JWSAlgorithm.ES384));
            bad.put("wrong aud", issuer.token(other));
            bad.put("expired", issuer.token(url, c -> c.issueTime(ago(900)).expirationTime(ago(600)), JWSAlgorithm.ES384));
            bad.put("no exp", issuer.token(url, c -> c.expirationTime(null), JWSAlgorithm.ES384));
            bad.put("not yet valid", issuer.token(url, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600))),
                    JWSAlgorithm.ES384));
            bad.put("no jti", issuer.token(url, c -> c.jwtID(null), JWSAlgorithm.ES384));
            bad.put("replayed jti", replayed);
            bad.put("wrong tenant", issuer.token(url, c -> c.issuer(TENANT_ISSUER).claim("tenant", "org-7"),
                    JWSAlgorithm.ES384));
            bad.put("no tenant", issuer.token(url, c -> c.issuer(TENANT_ISSUER), JWSAlgorithm.ES384));

            String body = null;
            for (Map.Entry<String, String> token : bad.entrySet()) {
                HttpResponse<String> response = send(postWith(url, token.getValue()));
                assertThat(response.statusCode()).as(token.getKey()).isEqualTo(401);
                body = body == null ? response.body() : body;
                assertThat(response.body()).as("%s: the same body, no reason", token.getKey()).isEqualTo(body);
            }
            assertUnauthorized(send(postWith(url, bad.get("wrong aud"))));
            assertThat(JKU_HOST.findAll(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                    com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                    .withHeader("Host", com.github.tomakehurst.wiremock.client.WireMock.containing("localhost"))))
                    .as("a jku off the allow-list is never fetched").isEmpty();
            String log = output.getAll();
            for (String token : bad.values()) {
                assertThat(log).doesNotContain(token);
            }
            assertThat(log).contains("Refused a CDS Hooks call: 401");
        }

        @Test
        void theRightTenantIsServed() throws Exception {
            String url = url("/cds-services/back-paresthesia");
            String token = TestIssuer.INSTANCE.token(url, c -> c.issuer(TENANT_ISSUER).claim("tenant", "org-42"),
                    JWSAlgorithm.ES384);
            assertThat(send(postWith(url, token)).statusCode()).isEqualTo(200);
        }

        private String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    class WithNoIssuerConfigured {

        @LocalServerPort
        int port;

        @Test
        void everyCallIs401() throws Exception {
            String discovery = "http://127.0.0.1:" + port + "/cds-services";
            assertUnauthorized(send(getWith(discovery, TestIssuer.INSTANCE.token(discovery))));
            assertUnauthorized(send(postWith(discovery + "/back-paresthesia", null)));
        }
    }

    /** The local profile: its development key, and the sandbox's issuer (its JWKS replaced by a test key's). */
    @Nested
    @SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
    @ActiveProfiles("local")
    class InTheLocalProfile {

        static final Path KEY_DIR = temporaryDirectory();
        static final ECKey SANDBOX_TEST_KEY = generate("44823f3d-0b01-4a6c-a80e-b9d3e8a7226f");

        @DynamicPropertySource
        static void localKeys(DynamicPropertyRegistry registry) throws Exception {
            Path sandboxJwks = KEY_DIR.resolve("sandbox-test-jwks.json");
            Files.writeString(sandboxJwks, new JWKSet(SANDBOX_TEST_KEY.toPublicJWK()).toString());
            registry.add("spinecds.security.dev-key-dir", KEY_DIR::toString);
            // A list is bound from one property source whole: all of the local profile's issuers are restated.
            registry.add("spinecds.security.issuers[0].iss", () -> DevelopmentKeys.ISSUER);
            registry.add("spinecds.security.issuers[0].jwks-uri",
                    () -> KEY_DIR.resolve("dev-jwks.json").toUri().toString());
            registry.add("spinecds.security.issuers[1].iss", () -> "https://sandbox.cds-hooks.org");
            registry.add("spinecds.security.issuers[1].jwks-uri", () -> sandboxJwks.toUri().toString());
            registry.add("spinecds.security.issuers[2].iss", () -> PageTokens.ISSUER);
            registry.add("spinecds.security.issuers[2].jwks-uri",
                    () -> KEY_DIR.resolve("dev-jwks.json").toUri().toString());
            registry.add("spinecds.security.public-base-url", () -> "http://127.0.0.1:${local.server.port}");
        }

        @LocalServerPort
        int port;

        @Test
        void aDevelopmentTokenIsServed() throws Exception {
            String url = "http://127.0.0.1:" + port + "/cds-services/back-paresthesia";
            String token = DevelopmentTokens.mint(DevelopmentKeys.loadOrCreate(KEY_DIR), url, 1,
                    java.time.Duration.ofMinutes(5)).get(0);

            assertThat(send(postWith(url, token)).statusCode()).isEqualTo(200);
        }

        @Test
        void aSandboxSignedTokenWithItsUnreachableJkuIsServed() throws Exception {
            String url = "http://127.0.0.1:" + port + "/cds-services/back-paresthesia";
            JWTClaimsSet claims = TestIssuer.claims(url).issuer("https://sandbox.cds-hooks.org").build();
            String token = signEs384(SANDBOX_TEST_KEY, URI.create("https://sandbox.cds-hooks.org/.well-known/jwks.json"),
                    claims);

            assertThat(send(postWith(url, token)).statusCode()).isEqualTo(200);
        }

        @Test
        void theSandboxPreflightSucceeds() throws Exception {
            HttpRequest preflight = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cds-services"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://sandbox.cds-hooks.org")
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization")
                    .build();
            HttpResponse<String> response = HTTP.send(preflight, HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isPresent();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertUnauthorized(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.body()).contains("OperationOutcome", "unauthorized").doesNotContain("expired", "aud", "kid");
    }

    private static String signEs384(ECKey key, URI jku, JWTClaimsSet claims) {
        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
                .keyID(key.getKeyID());
        if (jku != null) {
            header.jwkURL(jku);
        }
        try {
            return TestIssuer.sign(header.build(), claims, new ECDSASigner(key));
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_384).keyID(kid).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Date ago(int seconds) {
        return Date.from(Instant.now().minusSeconds(seconds));
    }

    private static Path temporaryDirectory() {
        try {
            Path directory = Files.createTempDirectory("spinecds-dev-keys");
            directory.toFile().deleteOnExit();
            return directory;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpRequest getWith(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static HttpRequest postWith(String url, String token) throws Exception {
        String body;
        try (var in = SecurityHttpTest.class.getResourceAsStream(LUMBAR)) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
