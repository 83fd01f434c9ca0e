package org.spinecds.server;

import java.time.Clock;
import java.util.Optional;

import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.OperationOutcomes;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.prefetch.FhirServerFallback;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.server.ops.CallMetrics;
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
class CdsHooksConfiguration {

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
            IdGenerator ids, FhirServerFallback fhirServerFallback, CallMetrics callMetrics) {
        return CdsHooksAssembly.assemble(evaluator, fhirContext, cdsJsonMapper, clock, ids,
                Optional.of(fhirServerFallback), callMetrics);
    }

    @Bean
    CallMetrics callMetrics(MeterRegistry meterRegistry) {
        return new CallMetrics(meterRegistry);
    }

    @Bean
    OperationOutcomes operationOutcomes(FhirContext fhirContext) {
        return new OperationOutcomes(fhirContext);
    }
}
