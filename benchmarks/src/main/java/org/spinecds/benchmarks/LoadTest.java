package org.spinecds.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.spinecds.cdshooks.CdsJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Loopback HTTP load on a running spinecds server: POSTs patient-view requests to
 * {@code http://127.0.0.1:PORT/cds-services/back-paresthesia} (or, with {@code --fixture SERVICE/CASE}, that test
 * fixture's request, such as an order-sign, to its service) from a fixed pool of 1, 2, 4, 8 threads (blocking
 * calls over HTTP/1.1 keep-alive, {@link BlockingPost}), a bounded number of requests per level with a hard time
 * cap, each level timed after an untimed run of {@code --settle} requests at its own concurrency.
 * Every response must be 200 with at least one card (with {@code --without-conditions}, with none); anything else
 * counts as a failure. Prints, per level,
 * throughput, latency percentiles, failures, the server's CPU time per request (utime + stime of
 * {@code /proc/PID/stat}: every thread, JIT compiler and GC included) and the part of it spent on Tomcat's request
 * threads (what a warm request itself costs), the load average, the server's resident memory (peak and end), and
 * the CPU the host's DAMON memory monitor took meanwhile ({@link HostMemoryMonitor}), per request.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.spinecds.benchmarks.LoadTest --port 8080 --pid 12345[,12346]
 *     [--warmup 5000] [--warmup-max-seconds 90] [--settle 3000] [--requests 3000] [--levels 1,2,4,8]
 *     [--max-seconds 60]
 *     [--records smart-765583.r4.json[,…] [--copies K] | --fixture SERVICE/CASE | --without-conditions]
 *     [--rate 300] [--latencies FILE] [--clk-tck 100]
 *     [--solo-port 8081] --tokens FILE</pre>
 * FILE holds one JWT a line for the request URL (load-test.sh mints them with {@link LoadTokens}).
 * The request is the synthetic 50-resource patient, or with {@code --records} one request per SMART sample patient
 * ({@link PatientViewRequests#smartRecord}, each resource {@code K} times), sent in turn; with
 * {@code --without-conditions} the synthetic patient without her Conditions, a chart this service has nothing to say
 * about ({@link PatientViewRequests#withoutConditions}), answered with no card.
 * A level ends after its requests or its time cap, whichever comes first (the cap is what bounds a slow service).
 * With {@code --rate}, the calls of every level after the warm-up are paced: call i is due i / rate seconds after the
 * level's start and its latency counts from then, so that a call kept waiting by a slow one before it counts the
 * wait. With {@code --latencies}, every timed call's level, due time and latency are written to FILE (tab-separated),
 * to see whether slow calls come one by one or together.
 * Several server pids (replicas behind a load balancer at {@code --port}) have their CPU and memory added up. With
 * {@code --solo-port}, one call per request straight to that server comes first, and every answer of the run must
 * hold the same cards as the solo call's to the same request (uuids aside). The exit status is 1 when any request
 * failed.
 */
public final class LoadTest {

    private static final String HOST = "127.0.0.1";
    private static final ObjectMapper JSON = CdsJson.mapper();

    /** Sent in turn: request i of a level is {@code requests.get(i % size)}. */
    private final List<BlockingPost> requests;
    private final Queue<String> tokens;
    private final long[] pids;
    private final long clockTicksPerSecond;
    private final ServerMemory memory;
    private final HostMemoryMonitor hostMonitor = new HostMemoryMonitor(Path.of("/proc"));
    private final AtomicInteger failed = new AtomicInteger();
    /** The cards the answer to each request must hold (uuids removed); null: any non-empty list. */
    private volatile List<JsonNode> expectedCards;

    private LoadTest(int port, String serviceId, long[] pids, long clockTicksPerSecond, List<Body> bodies,
            Queue<String> tokens) {
        this.tokens = tokens;
        this.pids = pids;
        this.clockTicksPerSecond = clockTicksPerSecond;
        this.memory = new ServerMemory(pids);
        URI service = URI.create("http://" + HOST + ":" + port + "/cds-services/" + serviceId);
        this.requests = bodies.stream().map(body -> new BlockingPost(service, body.bytes())).toList();
    }

    public static void main(String[] args) throws Exception {
        int port = -1;
        int soloPort = -1;
        long[] pids = {};
        int warmup = 5000;
        // One JWT per request (each jti is used once), minted before the timed run: signing is not free.
        Queue<String> tokens = new ConcurrentLinkedQueue<>();
        int requests = 3000;
        int[] levels = {1, 2, 4, 8};
        int maxSeconds = 60;
        int warmupMaxSeconds = 90;
        int settle = 3000;
        List<String> records = List.of();
        int copies = 1;
        String fixture = null;
        boolean withoutConditions = false;
        long clkTck = 100;
        double rate = 0;
        Path latencyFile = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value);
                case "--pid" -> pids = Arrays.stream(value.split(",")).mapToLong(Long::parseLong).toArray();
                case "--solo-port" -> soloPort = Integer.parseInt(value);
                case "--warmup" -> warmup = Integer.parseInt(value);
                case "--requests" -> requests = Integer.parseInt(value);
                case "--levels" -> levels = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--max-seconds" -> maxSeconds = Integer.parseInt(value);
                case "--warmup-max-seconds" -> warmupMaxSeconds = Integer.parseInt(value);
                case "--settle" -> settle = Integer.parseInt(value);
                case "--records" -> records = List.of(value.split(","));
                case "--copies" -> copies = Integer.parseInt(value);
                case "--fixture" -> fixture = value;
                case "--without-conditions" -> {
                    withoutConditions = true;
                    continue; // a flag: no value to skip
                }
                case "--clk-tck" -> clkTck = Long.parseLong(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--latencies" -> latencyFile = Path.of(value);
                case "--tokens" -> tokens = new ConcurrentLinkedQueue<>(Files.readAllLines(Path.of(value)));
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
            i++;
        }
        if (port <= 0 || port > 65535 || pids.length == 0 || rate < 0 || (copies != 1 && records.isEmpty())
                || (fixture != null && !records.isEmpty())
                || (withoutConditions && (fixture != null || !records.isEmpty() || soloPort > 0))) {
            throw new IllegalArgumentException("Usage: LoadTest --port PORT --pid SERVER_PID[,PID…] [--warmup N]"
                    + " [--warmup-max-seconds S] [--settle N] [--requests N] [--levels 1,2,4,8] [--max-seconds S]"
                    + " [--records NAME[,NAME…] [--copies K] | --fixture SERVICE/CASE | --without-conditions]"
                    + " [--rate CALLS_PER_SECOND] [--latencies FILE] [--clk-tck TICKS]"
                    + " [--solo-port PORT] --tokens FILE");
        }

        // A kept-alive connection for every thread of the busiest level (and of the warm-up's two).
        BlockingPost.keepAlive(Math.max(2, Arrays.stream(levels).max().orElse(1)));
        String serviceId = fixture == null ? PatientViewRequests.SERVICE_ID : FixtureRequests.serviceOf(fixture);
        List<Body> bodies = fixture != null ? List.of(new Body("fixture " + fixture, FixtureRequests.requestOf(fixture)))
                : withoutConditions ? List.of(new Body("synthetic patient without her Conditions",
                        PatientViewRequests.withoutConditions(PatientViewRequests.synthetic(Instant.now()))))
                : bodies(records, copies, Instant.now());
        LoadTest test = new LoadTest(port, serviceId, pids, clkTck, bodies, tokens);
        if (withoutConditions) {
            test.expectedCards = List.of(JSON.createArrayNode());
        }
        System.out.printf(Locale.ROOT, "target        http://%s:%d/cds-services/%s (server pid %s)%n", HOST, port,
                serviceId, Arrays.toString(pids));
        for (Body body : bodies) {
            System.out.printf(Locale.ROOT, "request       %s: %d resources, %.1f KB%n", body.name(),
                    PatientViewRequests.resourceCount(body.bytes()), body.bytes().length / 1000.0);
        }
        if (soloPort > 0) {
            test.expectCardsOf(soloPort);
        }
        System.out.printf(Locale.ROOT, "run           warm-up %d (cap %d s), then per level %d untimed and %d timed"
                + " (cap %d s each)%s%n", warmup, warmupMaxSeconds, settle, requests, maxSeconds,
                bodies.size() > 1 ? "; the requests above in turn" : "");
        if (rate > 0) {
            System.out.printf(Locale.ROOT, "pace          %.0f calls a second at every level (each call's latency from"
                    + " when it was due)%n", rate);
        }
        System.out.printf(Locale.ROOT, "before        loadavg(1m) %s, nproc %s%n", loadAverage(), nproc());
        if (latencyFile != null) {
            Files.writeString(latencyFile, "threads\tdue_ms\tlatency_ms\n");
        }

        Level warm = test.run(2, warmup, warmupMaxSeconds, 0);
        System.out.printf(Locale.ROOT, "warm-up       %d requests at 2 threads in %.1f s, %d failures (untimed)%s;"
                + " server RSS peak %.0f MiB, end %.0f MiB%n", warm.completed, warm.seconds, warm.failures,
                warm.capped ? " (time cap hit)" : "", warm.rss.peakMib(), warm.rss.endMib());

        System.out.println();
        System.out.println("threads  requests  req/s    p50 ms   p90 ms   p99 ms   max ms  failures"
                + "  server CPU ms/req  request threads  client CPU ms/req  loadavg  peak RSS MiB  end RSS MiB"
                + "  kdamond CPU ms/req");
        for (int threads : levels) {
            // Untimed first at the level's own concurrency: the JIT recompiles what a new pattern of contention
            // changes (a thousand compilations at 8 threads after a 2-thread warm-up), and that is not a call's cost.
            if (settle > 0) {
                test.run(threads, settle, maxSeconds, rate);
            }
            Level level = test.run(threads, requests, maxSeconds, rate);
            if (latencyFile != null) {
                level.appendLatencies(threads, latencyFile);
            }
            System.out.printf(Locale.ROOT,
                    "%7d  %8d  %6.1f  %7.2f  %7.2f  %7.2f  %7.1f  %8d  %17.2f  %15.2f  %17.2f  %7s  %12.0f  %11.0f"
                            + "  %18.3f%s%n",
                    threads, level.completed, level.completed / level.seconds, level.percentile(50),
                    level.percentile(90), level.percentile(99), level.percentile(100), level.failures,
                    (double) level.serverCpuMs / Math.max(1, level.completed),
                    (double) level.requestThreadCpuMs / Math.max(1, level.completed),
                    level.clientCpuMs / Math.max(1, level.completed), loadAverage(), level.rss.peakMib(),
                    level.rss.endMib(), (double) level.hostMonitorCpuMs / Math.max(1, level.completed),
                    level.capped ? "  (time cap hit)" : "");
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "after         loadavg(1m) %s, nproc %s; server VmHWM %.0f MiB (peak RSS since"
                + " start)%n", loadAverage(), nproc(), test.memory.highWaterMarkMib());
        if (test.firstFailure != null) {
            System.out.println("first failure: " + test.firstFailure);
        }
        System.exit(test.failed.get() == 0 ? 0 : 1);
    }

    /** The synthetic 50-resource request, or one request per SMART record with its resources {@code copies} times. */
    private static List<Body> bodies(List<String> records, int copies, Instant now) {
        if (records.isEmpty()) {
            return List.of(new Body("synthetic patient", PatientViewRequests.synthetic(now)));
        }
        String times = copies == 1 ? "" : " x" + copies;
        return records.stream()
                .map(name -> new Body(name + times, PatientViewRequests.smartRecord(name, copies, now)))
                .toList();
    }

    /**
     * One call per request straight to the server at {@code soloPort}: its cards are what every answer to that request
     * must hold in the run.
     */
    private void expectCardsOf(int soloPort) throws IOException {
        List<JsonNode> expected = new ArrayList<>();
        for (BlockingPost request : requests) {
            BlockingPost.Answer response = request.toPort(soloPort).send(nextToken());
            JsonNode cards = JSON.readTree(response.body()).path("cards");
            if (response.status() != 200 || !cards.isArray() || cards.isEmpty()) {
                throw new IllegalStateException("the solo call to port " + soloPort + " answered "
                        + response.status());
            }
            expected.add(withoutUuids(cards));
            System.out.printf(Locale.ROOT, "cards         every answer to request %d must hold the %d cards of a solo"
                    + " call to port %d%n", expected.size(), cards.size(), soloPort);
        }
        expectedCards = expected;
    }

    /** The cards with every "uuid" removed: the only part that differs between two answers to the same request. */
    private static JsonNode withoutUuids(JsonNode node) {
        JsonNode copy = node.deepCopy();
        removeUuids(copy);
        return copy;
    }

    private static void removeUuids(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove("uuid");
        }
        node.forEach(LoadTest::removeUuids);
    }

    private volatile String firstFailure;

    /**
     * {@code total} calls from {@code threads} threads; with {@code rate} > 0 call i is due {@code i / rate} s after
     * the start, waits for it, and its latency counts from then (a call due while every thread is busy counts its
     * wait too); with 0 every thread sends its next call as soon as its last one is answered.
     */
    private Level run(int threads, int total, int maxSeconds, double rate) throws Exception {
        long[] latencies = new long[total];
        long[] due = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicLong completed = new AtomicLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        ServerMemory.Sampling rss = memory.sample();
        long serverCpuBefore = serverCpuMs();
        long requestThreadCpuBefore = requestThreadCpuMs();
        long clientCpuBefore = clientCpuNanos();
        long hostMonitorBefore = hostMonitor.cpuTicks();
        long started = System.nanoTime();
        double nanosBetweenCalls = rate > 0 ? 1e9 / rate : 0;
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total && System.nanoTime() < deadline) {
                        long dueAt = rate > 0 ? started + (long) (i * nanosBetweenCalls) : System.nanoTime();
                        for (long wait; (wait = dueAt - System.nanoTime()) > 0; ) {
                            LockSupport.parkNanos(wait);
                        }
                        boolean ok = send(i);
                        latencies[i] = System.nanoTime() - dueAt;
                        due[i] = dueAt - started;
                        completed.incrementAndGet();
                        if (!ok) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long serverCpu = serverCpuMs() - serverCpuBefore;
        long requestThreadCpu = requestThreadCpuMs() - requestThreadCpuBefore;
        double clientCpu = (clientCpuNanos() - clientCpuBefore) / 1e6;
        // A monitor restarted during the level (turned off and on) starts again at 0.
        long hostMonitorCpu = Math.max(0, hostMonitor.cpuTicks() - hostMonitorBefore) * 1000 / clockTicksPerSecond;
        ServerMemory.Rss memoryUsed = rss.stop();
        int done = (int) completed.get();
        long[] dueNanos = new long[done];
        long[] measured = new long[done];
        int n = 0;
        for (int i = 0; i < total && n < done; i++) {
            if (latencies[i] > 0) {
                dueNanos[n] = due[i];
                measured[n++] = latencies[i];
            }
        }
        return new Level(done, failures.get(), seconds, Arrays.copyOf(dueNanos, n), Arrays.copyOf(measured, n),
                serverCpu, requestThreadCpu, clientCpu, hostMonitorCpu, memoryUsed, done < total);
    }

    /** The next unused token; fails when none is left. */
    private String nextToken() {
        String token = tokens.poll();
        if (token == null) {
            throw new IllegalStateException("ran out of tokens: mint at least as many as requests (--tokens)");
        }
        return token;
    }

    /**
     * The POST of request {@code i} (in turn over the bodies): true when the answer is 200 with a non-empty "cards"
     * array, the same as the solo call's to that body when there was one.
     */
    private boolean send(int i) {
        int which = i % requests.size();
        try {
            BlockingPost.Answer response = requests.get(which).send(nextToken());
            if (response.status() != 200) {
                fail("HTTP " + response.status() + ": "
                        + new String(response.body(), StandardCharsets.UTF_8).lines().findFirst().orElse(""));
                return false;
            }
            JsonNode cards = JSON.readTree(response.body()).path("cards");
            List<JsonNode> expected = expectedCards;
            if (!cards.isArray() || (expected == null && cards.isEmpty())) {
                fail("200 without cards");
                return false;
            }
            if (expected != null && !withoutUuids(cards).equals(expected.get(which))) {
                fail("cards of request " + (which + 1) + " differ from the solo call's: " + cards.size() + " cards");
                return false;
            }
            return true;
        } catch (IllegalStateException | IOException e) {
            fail(e.toString());
            return false;
        }
    }

    private void fail(String what) {
        failed.incrementAndGet();
        if (firstFailure == null) {
            firstFailure = what;
        }
    }

    /** utime + stime of the whole server processes, in ms. */
    private long serverCpuMs() throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            ticks += ProcStat.cpuTicks(Path.of("/proc", Long.toString(pid), "stat"));
        }
        return ticks * 1000 / clockTicksPerSecond;
    }

    /**
     * utime + stime of the server's Tomcat request threads ({@code http-nio-*}), in ms. A worker that exits during
     * a level takes its time with it; Tomcat keeps ten spare workers, more than the highest level uses.
     */
    private long requestThreadCpuMs() throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            try {
                ticks += ProcStat.cpuTicksOfNamed(Path.of("/proc", Long.toString(pid), "task"), "http-nio");
            } catch (NoSuchFileException stopped) {
                // a replica stopped during the run (the drain): its threads took their time with them
            }
        }
        return ticks * 1000 / clockTicksPerSecond;
    }

    private static long clientCpuNanos() {
        return ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getProcessCpuTime();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static String nproc() {
        try {
            Process process = new ProcessBuilder("nproc").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor(5, TimeUnit.SECONDS) && process.exitValue() == 0 ? out
                    : Integer.toString(Runtime.getRuntime().availableProcessors());
        } catch (IOException e) {
            return Integer.toString(Runtime.getRuntime().availableProcessors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    /** A request body and what it is, for the report. */
    private record Body(String name, byte[] bytes) {
    }

    /** A level's outcome; {@code dueNanos[k]} (since the level's start) and {@code nanos[k]} are call k's latency. */
    private record Level(int completed, int failures, double seconds, long[] dueNanos, long[] nanos,
            long serverCpuMs, long requestThreadCpuMs, double clientCpuMs, long hostMonitorCpuMs, ServerMemory.Rss rss,
            boolean capped) {

        /** One line a call, in the order they were due: to see whether slow calls come together or one by one. */
        void appendLatencies(int threads, Path file) throws IOException {
            StringBuilder lines = new StringBuilder();
            for (int k = 0; k < nanos.length; k++) {
                lines.append(String.format(Locale.ROOT, "%d\t%.3f\t%.3f%n", threads, dueNanos[k] / 1e6,
                        nanos[k] / 1e6));
            }
            Files.writeString(file, lines, StandardOpenOption.APPEND);
        }

        /** Nearest-rank percentile in ms; 100 = max. Sorts a copy: a report asks for a handful. */
        double percentile(double p) {
            if (nanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(p / 100 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }
    }
}
