package org.spinecds.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The thread CPU of the in-process 50-resource patient-view call ({@link PatientViewBenchmark#patientView}) when one,
 * two or eight threads make it at once, in alternating rounds: what a call's own work costs on this machine with one
 * core busy or both, without HTTP, load client or database. The HTTP figure cannot fall below the both-cores one.
 *
 * <pre>java -cp benchmarks.jar org.spinecds.benchmarks.InProcessCpu --threads 1,2,8 --rounds 9 --calls 1500</pre>
 */
public final class InProcessCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private InProcessCpu() {
    }

    /** One call of the measured work: false when its answer is wrong. */
    interface Call {
        boolean answeredRightly();
    }

    /** The patient-view call; right when its answer holds cards (the 50-resource patient has back tingling). */
    static Call patientView(PatientViewBenchmark benchmark) {
        return () -> !benchmark.patientView().cards().isEmpty();
    }

    /** One round: {@code calls} calls a thread on {@code threads} threads, their thread CPU and the wall time. */
    record Round(int threads, long calls, long cpuNanos, long wallNanos) {

        double cpuMillisPerCall() {
            return cpuNanos / 1e6 / calls;
        }

        double callsPerSecond() {
            return calls / (wallNanos / 1e9);
        }
    }

    public static void main(String[] args) throws Exception {
        int[] threads = {1, 2, 8};
        int rounds = 9;
        int calls = 1500;
        int warmup = 6000;
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "Usage: InProcessCpu [--threads 1,2,8] [--rounds N] [--calls N] [--warmup N]");
        }
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(","))
                        .mapToInt(Integer::parseInt).toArray();
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--calls" -> calls = Integer.parseInt(args[i + 1]);
                case "--warmup" -> warmup = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        Call call = patientView(PatientViewBenchmark.ready(50, true));
        measure(call, 1, warmup); // the JIT settles (stack notes: some 2,000 calls), untimed
        System.out.println("time      threads  thread CPU ms/call  calls/s");
        for (int r = 0; r < rounds; r++) {
            Round round = measure(call, threads[r % threads.length], calls);
            System.out.printf(Locale.ROOT, "%s %7d %19.3f %8.0f%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                    round.threads(), round.cpuMillisPerCall(), round.callsPerSecond());
        }
    }

    /** Runs {@code callsEach} calls on each of {@code threads} threads at once; every answer must be right. */
    static Round measure(Call call, int threads, int callsEach)
            throws InterruptedException, ExecutionException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> cpu = new ArrayList<>();
            long started = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                cpu.add(pool.submit(() -> {
                    long before = THREADS.getCurrentThreadCpuTime();
                    for (int i = 0; i < callsEach; i++) {
                        if (!call.answeredRightly()) {
                            throw new IllegalStateException("a call answered wrongly");
                        }
                    }
                    return THREADS.getCurrentThreadCpuTime() - before;
                }));
            }
            long cpuNanos = 0;
            for (Future<Long> thread : cpu) {
                cpuNanos += thread.get();
            }
            return new Round(threads, (long) threads * callsEach, cpuNanos, System.nanoTime() - started);
        } finally {
            pool.shutdown();
        }
    }
}
