package org.spinecds.server.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.LogText;
import org.springframework.dao.DataAccessException;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The database as a hook call uses it (record of cards sent, snooze, shared replay cache): cards are served without
 * it, so a failure is counted ({@code spinecds_database_failures_total} by operation), logged, and the database is
 * then left alone for {@code retryAfter}, so that no call waits on an unreachable database twice in that time.
 * {@code spinecds_database_available} is 0 while it is left alone.
 */
public final class DatabaseGuard {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseGuard.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Duration retryAfter;
    private final AtomicReference<Instant> unavailableUntil = new AtomicReference<>(Instant.MIN);

    public DatabaseGuard(MeterRegistry registry, Clock clock, Duration retryAfter) {
        this.registry = registry;
        this.clock = clock;
        this.retryAfter = retryAfter;
        Gauge.builder("spinecds.database.available", this, guard -> guard.available() ? 1 : 0)
                .description("1 while the database is used, 0 while it is left alone after a failure")
                .register(registry);
    }

    /** Whether the database is used now (no failure within the last {@code retryAfter}). */
    public boolean available() {
        return !clock.instant().isBefore(unavailableUntil.get());
    }

    /** The work's result; empty when the database is left alone or the work fails (counted and logged). */
    public <T> Optional<T> attempt(String operation, Supplier<T> work) {
        if (!available()) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(work.get());
        } catch (DataAccessException e) {
            failed(operation, e);
            return Optional.empty();
        }
    }

    /** Counts and logs a failure of the database, then leaves it alone for a while. */
    public void failed(String operation, DataAccessException e) {
        registry.counter("spinecds.database.failures", "operation", operation).increment();
        unavailableUntil.set(clock.instant().plus(retryAfter));
        LOG.warn("The database failed ({}): going on without it for {} (messages left out)", operation, retryAfter,
                LogText.withoutMessages(e));
    }
}
