package org.spinecds.server.testing;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The local profile as a test runs it: its development key and its data in fresh directories (never a developer's
 * {@code .spinecds/}), and the public base URL on the loopback port the server was started on.
 */
public final class LocalProfile {

    private LocalProfile() {
    }

    /** Keeps the development key pair under {@code keyDir}, which the test may read to mint its own tokens. */
    public static void register(DynamicPropertyRegistry registry, Path keyDir) {
        registry.add("spinecds.data-dir", () -> TemporaryDirectories.create("spinecds-local-data").toString());
        registry.add("spinecds.security.dev-key-dir", keyDir::toString);
        registry.add("spinecds.security.public-base-url", () -> "http://127.0.0.1:${local.server.port}");
    }
}
