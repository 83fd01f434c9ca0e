package org.spinecds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/**
 * A JSON POST answered on the calling thread: the load client's HTTP. The JDK's {@code java.net.http.HttpClient}
 * hands every exchange between the caller, its selector thread and its worker pool; on a two-core host that shares
 * its cores with the server under test, those hand-offs cost 0.4–0.6 ms of the client's CPU a call and wake threads
 * the server's would otherwise run on. This is {@link HttpURLConnection}: the caller's own thread writes the request
 * and reads the answer, over HTTP/1.1 connections kept alive between calls (the JDK keeps up to
 * {@code http.maxConnections} idle ones per server, which {@link #keepAlive(int)} raises to the client's threads).
 */
final class BlockingPost {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    private final URL url;
    private final byte[] body;

    BlockingPost(URI uri, byte[] body) {
        try {
            this.url = uri.toURL();
        } catch (IOException e) {
            throw new IllegalArgumentException(uri + " is not a URL", e);
        }
        this.body = body;
    }

    /**
     * Keeps up to {@code connections} idle connections per server between calls (the JDK's default is 5: at 8 threads,
     * three calls out of eight would open a new connection). Call before the first request.
     */
    static void keepAlive(int connections) {
        System.setProperty("http.maxConnections", Integer.toString(connections));
    }

    /** The same POST to another server (the same path on {@code port}). */
    BlockingPost toPort(int port) {
        try {
            return new BlockingPost(new URI(url.getProtocol(), null, url.getHost(), port, url.getPath(), null, null),
                    body);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Sends the POST with the bearer token; the whole answer, read to its end so that the connection is reused. */
    Answer send(String bearerToken) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(READ_TIMEOUT_MILLIS);
        connection.setRequestMethod("POST");
        // Not in streaming mode: there the JDK drops a 401's body (it may retry authentication), and that body is
        // the server's reason (an expired or reused token). The JDK buffers the body once and sends its length.
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Authorization", "Bearer " + bearerToken);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(body);
        }
        int status = connection.getResponseCode();
        InputStream answer = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (answer == null) {
            return new Answer(status, new byte[0]);
        }
        try (answer) {
            return new Answer(status, answer.readAllBytes());
        }
    }

    /** A status and the body that came with it. */
    record Answer(int status, byte[] body) {
    }
}
