package org.spinecds.server;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.spinecds.cdshooks.CardSnooze;
import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.OperationOutcomes;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.prefetch.FhirServerFallback;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.SiteParameters;
import org.spinecds.server.feedback.CardLedger;
import org.spinecds.server.ops.CallMetrics;
import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Wires the protocol and evaluation layers. Everything here is built once at start-up (ELM, value sets, FHIR
 * contexts, the card catalogue); a request only reads it.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RulesProperties.class)
class CdsHooksConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksConfiguration.class);

    @Bean
    FhirContext fhirContext() {
        return FhirContext.forR4();
    }

    @Bean
    ObjectMapper cdsJsonMapper() {
        return CdsJson.mapper();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    IdGenerator idGenerator() {
        return IdGenerator.random();
    }

    @Bean
    CqlEvaluator cqlEvaluator() {
        return CqlEvaluator.create();
    }

    @Bean
    CdsHooksApi cdsHooksApi(CqlEvaluator evaluator, FhirContext fhirContext, ObjectMapper cdsJsonMapper, Clock clock,
            IdGenerator ids, FhirServerFallback fhirServerFallback, CallMetrics callMetrics, CardSnooze overrideSnooze,
            CardLedger cardLedger, SiteSettings siteSettings) {
        return CdsHooksAssembly.assemble(evaluator, fhirContext, cdsJsonMapper, clock, ids,
                Optional.of(fhirServerFallback), overrideSnooze, callMetrics.andThen(cardLedger), siteSettings);
    }

    /** The site's rule parameters and switched-off cards: the services and the knowledge server run on the same. */
    @Bean
    SiteSettings siteSettings(CqlEvaluator evaluator, RulesProperties rules, PublicBaseUrl publicBaseUrl) {
        Set<String> disabled = new TreeSet<>(rules.disabledCards());
        if (!disabled.isEmpty()) {
            LOG.warn("Card kinds switched off at this site (spinecds.rules.disabled-cards): {}", disabled);
        }
        if (!rules.parameters().isEmpty()) {
            LOG.info("Site values of the rules' parameters: {}", new TreeMap<>(rules.parameters()));
        }
        return new SiteSettings(SiteParameters.parse(evaluator.libraries(), rules.parameters()), disabled,
                publicBaseUrl);
    }

    @Bean
    CallMetrics callMetrics(MeterRegistry meterRegistry) {
        return new CallMetrics(meterRegistry);
    }

    @Bean
    DatabaseGuard databaseGuard(MeterRegistry meterRegistry,
            @Value("${spinecds.database.retry-after:10s}") Duration retryAfter) {
        return new DatabaseGuard(meterRegistry, Clock.systemUTC(), retryAfter);
    }

    @Bean
    OperationOutcomes operationOutcomes(FhirContext fhirContext) {
        return new OperationOutcomes(fhirContext);
    }
}
