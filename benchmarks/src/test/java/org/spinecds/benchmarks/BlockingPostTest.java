package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

class BlockingPostTest {

    private static final byte[] BODY = "{\"hook\":\"patient-view\"}".getBytes(StandardCharsets.UTF_8);

    private HttpServer server;
    /** The client's port of every exchange: one port, one connection. */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        // Echoes its content type, authorization and body.
        server.createContext("/cds-services/", exchange -> {
            clientPorts.add(exchange.getRemoteAddress().getPort());
            String sent = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            answer(exchange, 200, (exchange.getRequestHeaders().getFirst("Content-Type") + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + sent)
                    .getBytes(StandardCharsets.UTF_8));
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void postsTheBodyWithItsTokenAndReadsTheAnswer() throws IOException {
        BlockingPost.Answer answer = post().send("abc.def.ghi");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8))
                .isEqualTo("application/json Bearer abc.def.ghi {\"hook\":\"patient-view\"}");
    }

    @Test
    void anErrorStatusComesBackWithItsBodyNotAsAnException() throws IOException {
        server.removeContext("/cds-services/");
        server.createContext("/cds-services/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 401, "{\"resourceType\":\"OperationOutcome\"}".getBytes(StandardCharsets.UTF_8));
        });

        BlockingPost.Answer answer = post().send("expired");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).contains("OperationOutcome");
    }

    @Test
    void callsOneAfterAnotherShareOneKeptAliveConnection() throws IOException {
        BlockingPost post = post();
        for (int i = 0; i < 10; i++) {
            assertThat(post.send("token-" + i).status()).isEqualTo(200);
        }

        assertThat(clientPorts).hasSize(1);
    }

    @Test
    void theSamePostGoesToAnotherPort() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        other.createContext("/cds-services/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            answer(exchange, 200, exchange.getRequestURI().getPath().getBytes(StandardCharsets.UTF_8));
        });
        other.start();
        try {
            BlockingPost.Answer answer = post().toPort(other.getAddress().getPort()).send("t");

            assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("/cds-services/back-paresthesia");
            assertThat(clientPorts).isEmpty();
        } finally {
            other.stop(0);
        }
    }

    private BlockingPost post() {
        return new BlockingPost(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/cds-services/back-paresthesia"), BODY);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
