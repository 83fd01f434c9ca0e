package org.spinecds.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Request bodies and other files the benchmarks jar carries: the cds-hooks test fixtures ({@code SERVICE/CASE}, the
 * first folder naming the service) and the SMART sample patients.
 */
final class FixtureRequests {

    private FixtureRequests() {
    }

    /** The service a fixture is for: its first folder. */
    static String serviceOf(String fixture) {
        return fixture.substring(0, fixture.indexOf('/'));
    }

    /** The fixture's request body. */
    static byte[] requestOf(String fixture) {
        return bytes("fixtures/" + fixture + "/request.json");
    }

    /** A file of the benchmarks jar (the cds-hooks test-jar's files are shaded into it). */
    static byte[] bytes(String path) {
        try (InputStream in = FixtureRequests.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not in the benchmarks jar (the cds-hooks test-jar)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
