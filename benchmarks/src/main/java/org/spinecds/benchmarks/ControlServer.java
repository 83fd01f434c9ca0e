package org.spinecds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The yardstick for {@link LoadTest}'s tails: an HTTP server that does nothing but spend what a spinecds call
 * spends, a given CPU time on its request thread and a given allocation of short-lived garbage, and answer one card.
 * Its latencies under the same load are what this machine gives any server of that cost (scheduling on two cores
 * shared with the load client, the host's own pauses); what spinecds measures above them is its own. Its CPU a call
 * is fixed by construction (it spins until its thread has used that much), so it cannot show how the host's busy
 * windows slow real work: there, compare spinecds with itself ({@link InProcessCpu}, {@code ab-load.sh}).
 *
 * <pre>java -cp benchmarks.jar org.spinecds.benchmarks.ControlServer --port 8090 --cpu-micros 2300 \
 *     --alloc-kb 1800</pre>
 * Threads are named {@code http-nio-control-exec-N}, so that {@link LoadTest} counts them as request threads; port 0
 * takes any free one.
 */
public final class ControlServer {

    private static final byte[] ANSWER = "{\"cards\":[{\"summary\":\"control\",\"indicator\":\"info\"}]}"
            .getBytes(StandardCharsets.UTF_8);
    /** What a call's garbage is made of: small arrays, each dead a few allocations later. */
    private static final int PIECE_BYTES = 256;
    private static final int PIECES_ALIVE = 64;
    static final String WORKER_PREFIX = "http-nio-control-exec-";

    private final long cpuNanos;
    private final long allocBytes;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    /** Written so that the spin loop cannot be optimised away. */
    private volatile Object sink;

    private ControlServer(long cpuNanos, long allocBytes) {
        this.cpuNanos = cpuNanos;
        this.allocBytes = allocBytes;
    }

    public static void main(String[] args) throws IOException {
        int port = -1;
        long cpuMicros = -1;
        long allocKb = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--cpu-micros" -> cpuMicros = Long.parseLong(args[i + 1]);
                case "--alloc-kb" -> allocKb = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown argument " + args[i]);
            }
        }
        if (port < 0 || port > 65535 || cpuMicros < 0 || allocKb < 0 || args.length % 2 != 0) {
            throw new IllegalArgumentException("Usage: ControlServer --port PORT --cpu-micros N --alloc-kb N");
        }
        HttpServer server = start(port, cpuMicros, allocKb);
        System.out.printf("control server on 127.0.0.1:%d: %d us of CPU and %d KB of garbage a call%n",
                server.getAddress().getPort(), cpuMicros, allocKb);
    }

    /** Started on 127.0.0.1 at {@code port} (0: any free one); its 16 worker threads are daemons. */
    static HttpServer start(int port, long cpuMicros, long allocKb) throws IOException {
        // Without it the JDK's server answers in two writes and waits out the client's delayed ACK: 40 ms a call.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        ControlServer control = new ControlServer(cpuMicros * 1_000, allocKb * 1_024);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        AtomicInteger workers = new AtomicInteger();
        server.setExecutor(Executors.newFixedThreadPool(16, task -> {
            Thread worker = new Thread(task, WORKER_PREFIX + workers.incrementAndGet());
            worker.setDaemon(true);
            return worker;
        }));
        server.createContext("/", control::answer);
        server.start();
        return server;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody(); OutputStream out = exchange.getResponseBody()) {
            body.readAllBytes();
            long started = threads.getCurrentThreadCpuTime();
            Object[] alive = new Object[PIECES_ALIVE];
            for (long allocated = 0, k = 0; allocated < allocBytes; allocated += PIECE_BYTES, k++) {
                alive[(int) (k % PIECES_ALIVE)] = new byte[PIECE_BYTES];
            }
            while (threads.getCurrentThreadCpuTime() - started < cpuNanos) {
                for (int i = 0; i < 2_000; i++) {
                    sink = alive[i % PIECES_ALIVE];
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, ANSWER.length);
            out.write(ANSWER);
        }
    }
}
