package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

/** A round counts every call of every thread and the CPU each thread spent on them. */
class InProcessCpuTest {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long CALL_CPU_NANOS = 5_000_000;

    @Test
    void aRoundCountsTheCallsAndTheCpuOfEveryThread() throws Exception {
        InProcessCpu.Round round = InProcessCpu.measure(InProcessCpuTest::spendFiveMillisOfCpu, 3, 3);

        assertThat(round.calls()).isEqualTo(9);
        // Every thread's CPU is summed: nine calls of at least 5 ms each, not the three of one thread.
        assertThat(round.cpuNanos()).isGreaterThanOrEqualTo(9 * CALL_CPU_NANOS);
        assertThat(round.cpuMillisPerCall()).isGreaterThanOrEqualTo(5.0);
        assertThat(round.callsPerSecond()).isPositive();
    }

    @Test
    void aWrongAnswerStopsTheRound() {
        assertThatThrownBy(() -> InProcessCpu.measure(() -> false, 1, 1))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("answered wrongly");
    }

    @Test
    void thePatientViewCallAnswersWithCards() throws Exception {
        InProcessCpu.Call call = InProcessCpu.patientView(PatientViewBenchmark.ready(50, true));

        assertThat(InProcessCpu.measure(call, 2, 2).calls()).isEqualTo(4);
    }

    /** Spends at least 5 ms of its thread's CPU, whatever else runs beside it. */
    private static boolean spendFiveMillisOfCpu() {
        long until = THREADS.getCurrentThreadCpuTime() + CALL_CPU_NANOS;
        while (THREADS.getCurrentThreadCpuTime() < until) {
            Thread.onSpinWait();
        }
        return true;
    }
}
