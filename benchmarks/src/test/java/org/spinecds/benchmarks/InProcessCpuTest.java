package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A round counts every call of every thread and the CPU each thread spent on them. */
class InProcessCpuTest {

    @Test
    void aRoundCountsTheCallsAndTheCpuOfEveryThread() throws Exception {
        PatientViewBenchmark benchmark = PatientViewBenchmark.ready(50, true);

        InProcessCpu.measure(benchmark, 1, 20); // the first calls' class loading out of the way
        // Three threads first: their calls run no warmer than the single thread's after them.
        InProcessCpu.Round three = InProcessCpu.measure(benchmark, 3, 3);
        InProcessCpu.Round one = InProcessCpu.measure(benchmark, 1, 3);

        assertThat(one.calls()).isEqualTo(3);
        assertThat(three.calls()).isEqualTo(9);
        // Every thread's CPU is summed: three threads' calls cost about three times one thread's, not one time.
        assertThat(three.cpuNanos()).isGreaterThan(2 * one.cpuNanos());
        assertThat(three.cpuMillisPerCall()).isPositive();
        assertThat(three.callsPerSecond()).isPositive();
    }
}
