package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsJson;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

class ControlServerTest {

    private static final int CALLS = 5;
    private static final long CPU_MICROS = 20_000;

    @Test
    void everyCallSpendsAtLeastItsCpuAndAnswersOneCard() throws Exception {
        HttpServer server = ControlServer.start(0, CPU_MICROS, 64);
        try {
            long before = workersCpuNanos();
            // Called the way the load client calls it.
            BlockingPost post = new BlockingPost(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                    + "/cds-services/any"), "{\"hook\":\"patient-view\"}".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < CALLS; i++) {
                BlockingPost.Answer response = post.send("token-" + i);
                JsonNode cards = CdsJson.mapper().readTree(response.body()).path("cards");
                assertThat(response.status()).isEqualTo(200);
                assertThat(cards.size()).isEqualTo(1);
            }
            assertThat(workersCpuNanos() - before).isGreaterThanOrEqualTo(CALLS * CPU_MICROS * 1_000);
        } finally {
            server.stop(0);
        }
    }

    /** CPU time of the control server's workers, the threads LoadTest counts as request threads. */
    private static long workersCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Arrays.stream(threads.dumpAllThreads(false, false))
                .filter(thread -> thread.getThreadName().startsWith(ControlServer.WORKER_PREFIX))
                .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getThreadId())))
                .sum();
    }
}
