package org.spinecds.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.server.testing.TestIssuer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Liveness and readiness for a load balancer, the service's metrics in Prometheus format after a few calls, and the
 * rule-set version in discovery and on every card.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsHttpTest {

    private static final String RETENTION =
            "/fixtures/back-paresthesia/lumbar-radiculopathy-with-urinary-retention/request.json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void trustTheTestIssuer(DynamicPropertyRegistry registry) {
        TestIssuer.register(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    HealthEndpointGroups healthGroups;

    /** Records when the rules were loaded and warmed, and when the service said it was ready for traffic. */
    @TestConfiguration
    static class StartUpOrder {

        static final List<String> EVENTS = new CopyOnWriteArrayList<>();

        @Bean
        static BeanPostProcessor rulesLoaded() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (bean instanceof CqlEvaluator) {
                        EVENTS.add("rules loaded and warmed");
                    }
                    return bean;
                }
            };
        }

        @Bean
        ApplicationListener<AvailabilityChangeEvent<ReadinessState>> readiness() {
            return event -> EVENTS.add("readiness " + event.getState());
        }
    }

    @Test
    void livenessAndReadinessAreUpOnceStarted() throws Exception {
        assertThat(get("/actuator/health/liveness", null).body()).contains("\"UP\"");
        assertThat(get("/actuator/health/readiness", null).body()).contains("\"UP\"");
    }

    /** Readiness is DOWN (refusing traffic) until the ELM and value sets are loaded and the engine is warmed. */
    @Test
    void readinessComesOnlyAfterTheRulesAreWarm() {
        assertThat(StartUpOrder.EVENTS).contains("rules loaded and warmed", "readiness ACCEPTING_TRAFFIC");
        assertThat(StartUpOrder.EVENTS.indexOf("rules loaded and warmed"))
                .isLessThan(StartUpOrder.EVENTS.indexOf("readiness ACCEPTING_TRAFFIC"));
    }

    /** Cards are served without the database (no snooze meanwhile), so its health never takes readiness down. */
    @Test
    void theDatabaseHasItsOwnHealthGroupOutsideReadiness() throws Exception {
        assertThat(get("/actuator/health/database", null).body()).contains("\"UP\"");
        assertThat(healthGroups.get("database").isMember("db")).isTrue();
        assertThat(healthGroups.get("readiness").isMember("db")).isFalse();
        assertThat(get("/actuator/prometheus", null).body()).contains("spinecds_database_available 1.0");
    }

    @Test
    void theMetricsCountCallsCardsPrefetchAndRefusals() throws Exception {
        String url = url("/cds-services/back-paresthesia");
        String body = retention();
        assertThat(post(url, body, TestIssuer.INSTANCE.token(url)).statusCode()).isEqualTo(200);
        assertThat(post(url, body, null).statusCode()).isEqualTo(401);
        assertThat(post(url, body.replaceFirst("\"prefetch\"", "\"prefetchIgnored\""),
                TestIssuer.INSTANCE.token(url)).statusCode()).isEqualTo(412);

        String metrics = get("/actuator/prometheus", null).body();

        assertThat(metrics)
                .containsPattern("spinecds_calls_seconds_count\\{[^}]*service=\"back-paresthesia\"[^}]*} [1-9]")
                .containsPattern("spinecds_cards_total\\{[^}]*indicator=\"critical\"[^}]*kind=\"BT-RF-01\"[^}]*} [1-9]")
                .containsPattern("spinecds_prefetch_keys_total\\{[^}]*source=\"sent\"[^}]*} [1-9]")
                .containsPattern("spinecds_calls_refused_total\\{[^}]*status=\"401\"[^}]*} [1-9]")
                .containsPattern("spinecds_calls_refused_total\\{[^}]*status=\"412\"[^}]*} [1-9]");
    }

    @Test
    void discoveryAndEveryCardNameTheRuleSetVersion() throws Exception {
        String discovery = url("/cds-services");
        String services = get("/cds-services", TestIssuer.INSTANCE.token(discovery)).body();
        String url = url("/cds-services/back-paresthesia");
        String cards = post(url, retention(), TestIssuer.INSTANCE.token(url)).body();

        assertThat(services).containsPattern("\"org.spinecds.ruleset-version\":\"\\d+\\.\\d+\\.\\d+[^\"]*\"");
        assertThat(cards.split("\"org.spinecds.ruleset-version\"", -1))
                .hasSize(cards.split("\"org.spinecds.card-id\"", -1).length).hasSizeGreaterThan(2);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    private static String retention() throws Exception {
        try (var in = OperationsHttpTest.class.getResourceAsStream(RETENTION)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
