package org.spinecds.cdshooks.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cql.engine.CqlEvaluator;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/** The product's CDS Hooks layer as the server builds it, at a pinned "now", with predictable uuids. */
public final class TestServices {

    /** The "now" of every scenario that does not say otherwise. */
    public static final Instant DEFAULT_NOW = Instant.parse("2026-11-25T10:00:00Z");

    public static final ObjectMapper JSON = CdsJson.mapper();
    public static final FhirContext FHIR = FhirContext.forR4Cached();

    private static CqlEvaluator evaluator;

    private TestServices() {
    }

    /** Loading ELM and value sets takes seconds: one evaluator for the whole test JVM. */
    public static synchronized CqlEvaluator evaluator() {
        if (evaluator == null) {
            evaluator = CqlEvaluator.create();
        }
        return evaluator;
    }

    public static CdsHooksApi api(Instant now) {
        return CdsHooksAssembly.assemble(evaluator(), FHIR, JSON, Clock.fixed(now, ZoneOffset.UTC),
                new SequentialIds(), Optional.empty());
    }
}
