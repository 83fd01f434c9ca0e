package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class KeyedHashTest {

    @Test
    void isHmacSha256UnderTheConfiguredKey() {
        // RFC 4231, test case 2.
        assertThat(KeyedHash.withKey("Jefe").of("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void theSameTextHashesAlikeAcrossCallsAndThreads() throws Exception {
        KeyedHash hash = KeyedHash.withKey("site key");
        String expected = hash.of("Patient/123");
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<String>>> results = IntStream.range(0, 4)
                    .mapToObj(t -> threads.submit(() -> IntStream.range(0, 200)
                            // Interleaved with other texts: a reused Mac must carry nothing from one hash to the next.
                            .mapToObj(i -> i % 2 == 0 ? hash.of("Patient/123") : hash.of("Observation/" + i))
                            .filter(h -> h.equals(expected))
                            .toList()))
                    .toList();
            for (Future<List<String>> result : results) {
                assertThat(result.get()).hasSize(100);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void withoutAKeyEachRunHasItsOwn() {
        assertThat(KeyedHash.withKey(" ").of("Patient/123")).isNotEqualTo(KeyedHash.withKey("").of("Patient/123"));
    }
}
