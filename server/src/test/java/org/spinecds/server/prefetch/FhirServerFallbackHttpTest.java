package org.spinecds.server.prefetch;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.testing.Scenario;
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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.common.Notifier;

/**
 * The fallback to the EHR's FHIR server over real HTTP on loopback: the service on a random port, a WireMock server
 * standing in for the EHR's FHIR server. Every fixture patient gives the same cards through the server as through
 * prefetch; a server off the allow-list is never called; failures, paging, a next link elsewhere and a server that
 * never answers are each a key that is not used; the token reaches the server and never the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spinecds.fhir-server.allowed=http://127.0.0.1:*",
        "spinecds.fhir-server.call-timeout=2s",
        "spinecds.fhir-server.deadline=3s",
        "spinecds.requests.max-concurrent=1",
        "spinecds.requests.max-wait=100ms"})
@ExtendWith(OutputCaptureExtension.class)
class FhirServerFallbackHttpTest {

    private static final String TOKEN = "eyJ0b2tlbi1mb3ItdGhlLWZoaXItc2VydmVyIn0.secret-bearer-value";
    private static final Path FIXTURES = Path.of("..", "cds-hooks", "src", "test", "resources", "fixtures");
    private static final String LUMBAR = "back-paresthesia/lumbar-radiculopathy-with-tingling";
    private static final String RETENTION = "back-paresthesia/lumbar-radiculopathy-with-urinary-retention";

    // WireMock prints unmatched requests, headers included: silent, so that the log checks see only the service.
    private static final WireMockServer FHIR = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
            .notifier(new SilentNotifier()));

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

    @BeforeAll
    static void startFhirServer() {
        FHIR.start();
    }

    @AfterAll
    static void stopFhirServer() {
        FHIR.stop();
    }

    @BeforeEach
    void forgetStubs() {
        FHIR.resetAll();
    }

    @TestFactory
    Stream<DynamicTest> everyFixturePatientGivesTheSameCardsThroughTheFhirServer() {
        return Scenario.all(FIXTURES).stream().map(scenario -> DynamicTest.dynamicTest(scenario.toString(), () -> {
            FHIR.resetAll();
            ObjectNode withPrefetch = scenario.request();
            serve(scenario.templates(), withPrefetch);

            JsonNode viaPrefetch = cards(post(scenario.serviceId(), withPrefetch));
            JsonNode viaServer = cards(post(scenario.serviceId(), withoutPrefetch(withPrefetch, base())));

            assertThat(viaServer).as("%s: cards through the FHIR server", scenario).isEqualTo(viaPrefetch);
        }));
    }

    @Test
    void theBearerTokenIsSentToTheServerAndNeverLogged(CapturedOutput output) throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());

        HttpResponse<String> response = post(lumbar.serviceId(), withoutPrefetch(lumbar.request(), base()));

        assertThat(response.statusCode()).isEqualTo(200);
        FHIR.verify(getRequestedFor(urlPathEqualTo("/fhir/Patient/p1"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        assertThat(output.getAll()).doesNotContain(TOKEN).doesNotContain("secret-bearer-value");
    }

    @Test
    void aServerNotOnTheAllowListIsNeverCalled() throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());
        String notAllowed = "http://localhost:" + FHIR.port() + "/fhir";

        HttpResponse<String> response = post(lumbar.serviceId(), withoutPrefetch(lumbar.request(), notAllowed));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("OperationOutcome", "patient", "conditions");
        assertThat(FHIR.getAllServeEvents()).isEmpty();
    }

    @Test
    void withNeitherPrefetchNorServerTheAnswerIs412NamingTheKeys() throws Exception {
        ObjectNode request = scenario(LUMBAR).request();
        request.remove("prefetch");

        HttpResponse<String> response = post("back-paresthesia", request);

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("OperationOutcome", "patient", "conditions");
    }

    /** Partial prefetch: the patient sent, the Conditions answered with an OperationOutcome, the rest left out. */
    @Test
    void keysTheClientDidNotAnswerAreFetchedBesideThoseItSent() throws Exception {
        Scenario retention = scenario(RETENTION);
        ObjectNode full = retention.request();
        serve(retention.templates(), full);
        ObjectNode partial = withoutPrefetch(full, base());
        ObjectNode prefetch = partial.putObject("prefetch");
        prefetch.set("patient", full.get("prefetch").get("patient"));
        prefetch.putObject("conditions").put("resourceType", "OperationOutcome").putArray("issue").addObject()
                .put("severity", "error").put("code", "timeout");

        JsonNode viaBoth = cards(post(retention.serviceId(), partial));

        assertThat(viaBoth).isEqualTo(cards(post(retention.serviceId(), full)));
        FHIR.verify(0, getRequestedFor(urlPathEqualTo("/fhir/Patient/p1")));
        FHIR.verify(getRequestedFor(urlPathEqualTo("/fhir/Condition")));
    }

    @Test
    void aPatientTheServerDoesNotKnowIs412() throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());
        FHIR.stubFor(get(urlPathEqualTo("/fhir/Patient/p1")).atPriority(1).willReturn(aResponse().withStatus(404)));

        HttpResponse<String> response = post(lumbar.serviceId(), withoutPrefetch(lumbar.request(), base()));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("patient");
    }

    @Test
    void aRequiredKeyTheServerRefusesIs412() throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());
        FHIR.stubFor(get(urlPathEqualTo("/fhir/Condition")).atPriority(1).willReturn(aResponse().withStatus(401)));

        HttpResponse<String> response = post(lumbar.serviceId(), withoutPrefetch(lumbar.request(), base()));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("conditions").doesNotContain(TOKEN);
    }

    @Test
    void anOptionalKeyTheServerFailsIsNotAssessed() throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());
        FHIR.stubFor(get(urlPathEqualTo("/fhir/Observation")).atPriority(1).willReturn(aResponse().withStatus(500)));

        HttpResponse<String> response = post(lumbar.serviceId(), withoutPrefetch(lumbar.request(), base()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("laboratory results (not sent)");
    }

    @Test
    void everyPageOfASearchIsRead() throws Exception {
        Scenario retention = scenario(RETENTION);
        ObjectNode request = retention.request();
        serve(retention.templates(), request);
        List<JsonNode> conditions = new ArrayList<>();
        request.get("prefetch").get("conditions").get("entry").forEach(e -> conditions.add(e.get("resource")));
        servePages("/fhir/Condition", conditions, base());

        JsonNode viaServer = cards(post(retention.serviceId(), withoutPrefetch(request, base())));

        assertThat(conditions).hasSizeGreaterThanOrEqualTo(3);
        assertThat(viaServer).isEqualTo(cards(post(retention.serviceId(), request)));
        assertThat(viaServer.toString()).contains("cauda equina");
    }

    @Test
    void aNextLinkToAnotherHostMakesTheKeyIncomplete() throws Exception {
        Scenario retention = scenario(RETENTION);
        ObjectNode request = retention.request();
        serve(retention.templates(), request);
        List<JsonNode> conditions = new ArrayList<>();
        request.get("prefetch").get("conditions").get("entry").forEach(e -> conditions.add(e.get("resource")));
        servePages("/fhir/Condition", conditions, "http://localhost:" + FHIR.port() + "/fhir");

        HttpResponse<String> response = post(retention.serviceId(), withoutPrefetch(request, base()));

        assertThat(response.statusCode()).isEqualTo(412);
        assertThat(response.body()).contains("conditions");
        assertThat(FHIR.findAll(getRequestedFor(anyUrl()).withHeader("Host", equalTo("localhost:" + FHIR.port()))))
                .isEmpty();
    }

    /** Liveness: a server that accepts and never answers still gets an answer out within the deadline and a margin. */
    @Test
    void aServerThatNeverAnswersStillGetsAnAnswerInTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            ObjectNode request = withoutPrefetch(scenario(LUMBAR).request(),
                    "http://127.0.0.1:" + silent.getLocalPort() + "/fhir");

            long started = System.nanoTime();
            HttpResponse<String> response = assertTimeoutPreemptively(Duration.ofSeconds(30),
                    () -> post("back-paresthesia", request));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(response.statusCode()).isEqualTo(412);
            assertThat(took).isLessThan(Duration.ofSeconds(3 + 5));
            acceptor.interrupt();
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** One place (this test's setting): a call while another is held up gets 503 with Retry-After, and no more. */
    @Test
    void aCallBeyondTheConcurrencyLimitGets503AndTheNextOneIsServed() throws Exception {
        Scenario lumbar = scenario(LUMBAR);
        serve(lumbar.templates(), lumbar.request());
        FHIR.stubFor(get(urlPathEqualTo("/fhir/Patient/p1")).atPriority(1).willReturn(
                readAnswer(lumbar.request().get("prefetch").get("patient")).withFixedDelay(1500)));
        ObjectNode viaServer = withoutPrefetch(lumbar.request(), base());

        java.util.concurrent.CompletableFuture<HttpResponse<String>> slow =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return post(lumbar.serviceId(), viaServer);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            while (FHIR.getAllServeEvents().isEmpty()) {
                Thread.sleep(10);
            }
        });
        HttpResponse<String> refused = post(lumbar.serviceId(), lumbar.request());

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.body()).contains("OperationOutcome", "busy");
        assertThat(slow.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(post(lumbar.serviceId(), lumbar.request()).statusCode()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the stand-in FHIR server

    /** Answers each template's query with what the request prefetched for it (a key it left out stays unanswered). */
    private static void serve(List<PrefetchTemplate> templates, ObjectNode request) {
        String patientId = request.get("context").get("patientId").asText().replaceFirst("^Patient/", "");
        for (PrefetchTemplate template : templates) {
            JsonNode value = unwrapped(request.path("prefetch").get(template.key()));
            if (value == null || value.path("resourceType").asText().equals("OperationOutcome")) {
                continue;
            }
            String query = template.query().replace("{{context.patientId}}", patientId);
            boolean read = !query.contains("?");
            FHIR.stubFor(matching(query).willReturn(read ? readAnswer(value) : json(searchset(value))));
        }
    }

    private static MappingBuilder matching(String query) {
        String[] pathAndQuery = query.split("\\?", 2);
        MappingBuilder stub = get(urlPathEqualTo("/fhir/" + pathAndQuery[0]));
        if (pathAndQuery.length == 2) {
            for (String parameter : pathAndQuery[1].split("&")) {
                String[] nameAndValue = parameter.split("=", 2);
                stub = stub.withQueryParam(nameAndValue[0],
                        equalTo(URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8)));
            }
        }
        return stub;
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder readAnswer(JsonNode value) {
        if (value.isNull()) {
            return aResponse().withStatus(404);
        }
        JsonNode resource = value.path("resourceType").asText().equals("Bundle")
                ? value.path("entry").path(0).path("resource") : value;
        return json(resource);
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(JsonNode body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/fhir+json")
                .withBody(body.toString());
    }

    /** The conditions one per page, each page's next link on {@code nextBase}. */
    private static void servePages(String path, List<JsonNode> resources, String nextBase) {
        for (int page = 0; page < resources.size(); page++) {
            ObjectNode bundle = searchset(TestServices.JSON.createArrayNode().add(resources.get(page)));
            if (page + 1 < resources.size()) {
                bundle.putArray("link").addObject().put("relation", "next")
                        .put("url", nextBase + "/Condition?_page=" + (page + 1));
            }
            MappingBuilder stub = get(urlPathEqualTo(path)).atPriority(1);
            stub = page == 0 ? stub.withQueryParam("patient", equalTo("p1"))
                    : stub.withQueryParam("_page", equalTo(String.valueOf(page)));
            FHIR.stubFor(stub.willReturn(json(bundle)));
        }
    }

    private static ObjectNode searchset(JsonNode value) {
        ObjectNode bundle = TestServices.JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = bundle.putArray("entry");
        if (value.isArray()) {
            value.forEach(resource -> entries.addObject().set("resource", resource));
        } else if (value.path("resourceType").asText().equals("Bundle")) {
            value.path("entry").forEach(entry -> {
                if (entry.has("resource")) {
                    entries.addObject().set("resource", unwrapped(entry.get("resource")));
                }
            });
        } else if (!value.isNull()) {
            entries.addObject().set("resource", value);
        }
        return bundle;
    }

    // Older clients wrap a prefetch value as {"resource": ...}.
    private static JsonNode unwrapped(JsonNode value) {
        return value != null && value.isObject() && !value.has("resourceType") && value.has("resource")
                ? value.get("resource") : value;
    }

    // ---------------------------------------------------------------- the service

    private String base() {
        return "http://127.0.0.1:" + FHIR.port() + "/fhir";
    }

    private static ObjectNode withoutPrefetch(ObjectNode request, String fhirServer) {
        ObjectNode copy = request.deepCopy();
        copy.remove("prefetch");
        copy.put("fhirServer", fhirServer);
        copy.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "spinecds");
        return copy;
    }

    private static Scenario scenario(String id) {
        return Scenario.all(FIXTURES).stream().filter(s -> s.toString().equals(id)).findFirst().orElseThrow();
    }

    private HttpResponse<String> post(String serviceId, JsonNode body) throws Exception {
        String url = "http://127.0.0.1:" + port + "/cds-services/" + serviceId;
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestIssuer.INSTANCE.token(url))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The cards without their uuids, which differ from call to call. */
    private static JsonNode cards(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode cards = TestServices.JSON.readTree(response.body()).get("cards");
        withoutUuids(cards);
        return cards;
    }

    private static void withoutUuids(JsonNode node) {
        if (node.isObject()) {
            ((ObjectNode) node).remove("uuid");
        }
        node.forEach(FhirServerFallbackHttpTest::withoutUuids);
    }

    private static final class SilentNotifier implements Notifier {
        @Override
        public void info(String message) {
        }

        @Override
        public void error(String message) {
        }

        @Override
        public void error(String message, Throwable t) {
        }
    }
}
