package org.spinecds.benchmarks;

import java.time.Clock;
import java.time.ZoneOffset;
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
import org.spinecds.cql.engine.CqlEvaluator;

import ca.uhn.fhir.context.FhirContext;

/**
 * A warm order-select and order-sign call in-process, as {@link PatientViewBenchmark} does for patient-view: the
 * test fixtures of an ibuprofen order for a patient on warfarin, whose critical card offers replacements that are
 * each re-checked against the same rules before they are offered (one more evaluation per suggestion).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@BenchmarkMode(Mode.AverageTime)
public class OrderHooksBenchmark {

    /** A fixture under {@code fixtures/}: its folder names the service. */
    @Param({"otc-analgesic-order-select/warfarin-ibuprofen-critical",
            "otc-analgesic-order-sign/ibuprofen-and-warfarin-drafted-together-critical"})
    public String fixture;

    private CdsHooksApi api;
    private String serviceId;
    private byte[] body;

    @Setup
    public void setUp() {
        serviceId = FixtureRequests.serviceOf(fixture);
        body = FixtureRequests.requestOf(fixture);
        api = CdsHooksAssembly.assemble(CqlEvaluator.create(), FhirContext.forR4(), CdsJson.mapper(),
                Clock.fixed(PatientViewBenchmark.NOW, ZoneOffset.UTC), IdGenerator.random(), Optional.empty());
    }

    @Benchmark
    public CdsResponse orderHook() {
        return api.call(serviceId, body);
    }
}
