package org.spinecds.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The server's resident memory, from {@code /proc/PID/status} (added up over the pids of several replicas; a
 * process that has stopped counts 0): {@code VmRSS} sampled every 200 ms while a level runs, for its peak and its
 * value at the end, and {@code VmHWM}, the peak since the process started. In MiB.
 */
final class ServerMemory {

    private static final long SAMPLE_EVERY_MS = 200;

    /** Peak and last VmRSS of a sampling, in MiB. */
    record Rss(double peakMib, double endMib) {
    }

    private final long[] pids;

    ServerMemory(long[] pids) {
        this.pids = pids.clone();
    }

    /** VmHWM: the most the processes have held resident since they started, in MiB. */
    double highWaterMarkMib() {
        return kib("VmHWM") / 1024.0;
    }

    /** Starts sampling VmRSS now; {@link Sampling#stop()} takes a last sample and gives the peak and that one. */
    Sampling sample() {
        return new Sampling();
    }

    final class Sampling {

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rss-sampler");
            thread.setDaemon(true);
            return thread;
        });
        // written by the timer thread, read after it has terminated
        private long peakKib;
        private long lastKib;

        private Sampling() {
            timer.scheduleAtFixedRate(this::take, 0, SAMPLE_EVERY_MS, TimeUnit.MILLISECONDS);
        }

        private void take() {
            lastKib = kib("VmRSS");
            peakKib = Math.max(peakKib, lastKib);
        }

        Rss stop() throws InterruptedException {
            timer.shutdownNow();
            if (!timer.awaitTermination(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the RSS sampler did not stop");
            }
            take();
            return new Rss(peakKib / 1024.0, lastKib / 1024.0);
        }
    }

    /** A "Field:   123 kB" line of /proc/PID/status, added up over the pids. */
    private long kib(String field) {
        long total = 0;
        for (long pid : pids) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                    if (line.startsWith(field + ":")) {
                        total += Long.parseLong(line.substring(field.length() + 1).trim().split("\\s+")[0]);
                    }
                }
            } catch (NoSuchFileException stopped) {
                // a replica stopped during the run (the drain of deploy/multi-replica.sh)
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return total;
    }
}
