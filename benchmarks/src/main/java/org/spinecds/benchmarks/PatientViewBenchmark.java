package org.spinecds.benchmarks;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.PrefetchResolver;
import org.spinecds.cdshooks.prefetch.PrefetchTemplate;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cql.engine.CqlEvaluator;

import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/**
 * A warm back-paresthesia patient-view call in-process, built as the server builds it (no HTTP):
 * {@link #patientView} is {@code CdsHooksApi.call} from raw body bytes to the card response (request JSON parse,
 * prefetch parse into HAPI resources, CQL evaluation, card rendering); {@link #parseOnly} is only the first two
 * steps, so "evaluation + cards" is the difference. The response is not serialised (the server does that).
 *
 * <p>Warm-up: the JIT needs about 2,000 evaluations to reach steady state (stack notes §5); 3 × 5 s is some 3,500
 * calls at 50 resources (about 4 ms each), and some 500 at 500 resources, each with ten times the work.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 6)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PatientViewBenchmark {

    /** The pinned "now" of the service's clock, which the request dates are relative to. */
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    /**
     * Resources in the request: 50 (synthetic patient) or 500 (SMART patient smart-765583 plus additions); for the
     * size curve also 200, 1000, 2000 ({@link PatientViewRequests#forSize}).
     */
    @Param({"50", "500"})
    public int resources;

    /**
     * {@code false}: the same request without its Conditions ({@link PatientViewRequests#withoutConditions}), a
     * patient this service says nothing about ({@code -p backTingling=false}).
     */
    @Param({"true"})
    public boolean backTingling;

    private byte[] body;
    private CdsHooksApi api;
    private CdsRequestParser parser;
    private PrefetchResolver prefetch;
    private List<PrefetchTemplate> templates;

    /** A benchmark set up outside JMH, as its trials set it up: for the tools and tests that call it directly. */
    static PatientViewBenchmark ready(int resources, boolean backTingling) {
        PatientViewBenchmark benchmark = new PatientViewBenchmark();
        benchmark.resources = resources;
        benchmark.backTingling = backTingling;
        benchmark.setUp();
        return benchmark;
    }

    @Setup
    public void setUp() {
        body = backTingling ? PatientViewRequests.forSize(resources, NOW)
                : PatientViewRequests.withoutConditions(PatientViewRequests.forSize(resources, NOW));
        ObjectMapper json = CdsJson.mapper();
        FhirContext fhir = FhirContext.forR4();
        CqlEvaluator evaluator = CqlEvaluator.create();
        parser = new CdsRequestParser(json);
        // As the service parses: only what its rules can retrieve.
        prefetch = new PrefetchResolver(fhir, Optional.empty(), Optional.of(evaluator.retrievableCodes()));
        templates = PatientViewRequests.templates();
        api = CdsHooksAssembly.assemble(evaluator, fhir, json, Clock.fixed(NOW, ZoneOffset.UTC), IdGenerator.random(),
                Optional.empty());
    }

    @Benchmark
    @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
    public CdsResponse patientView() {
        return api.call(PatientViewRequests.SERVICE_ID, body);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @Warmup(iterations = 3, time = 3)
    @Measurement(iterations = 5, time = 3)
    public ResolvedData parseOnly() {
        return prefetch.resolve(prefetch.read(parser, body, Hook.PATIENT_VIEW, templates), templates);
    }

    byte[] body() {
        return body;
    }
}
