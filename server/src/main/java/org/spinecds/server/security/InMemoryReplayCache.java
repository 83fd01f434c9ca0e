package org.spinecds.server.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** The replay cache of one node: entries are dropped once their token has expired (swept every 1,000 uses). */
final class InMemoryReplayCache implements ReplayCache {

    private record Key(String issuer, String jti) {
    }

    private final Map<Key, Instant> seen = new ConcurrentHashMap<>();
    private final AtomicLong uses = new AtomicLong();
    private final Clock clock;

    InMemoryReplayCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expires) {
        if (uses.incrementAndGet() % 1_000 == 0) {
            Instant now = clock.instant();
            seen.values().removeIf(expiry -> expiry.isBefore(now));
        }
        return seen.putIfAbsent(new Key(issuer, jti), expires) == null;
    }
}
