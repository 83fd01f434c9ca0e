package org.spinecds.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spinecds.server.ops.DatabaseGuard;
import org.spinecds.server.testing.MutableClock;
import org.spinecds.server.testing.SwitchableDataSource;
import org.spinecds.server.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The replay cache that replicas share through the database, and what it does while the database is away. */
class DatabaseReplayCacheTest {

    private static final String ISSUER = "https://ehr.example/cds-client";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T09:00:00Z"));
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private TestDatabase.Migrated database;
    private SwitchableDataSource dataSource;

    private ReplayCache replica() {
        return new DatabaseReplayCache(new JdbcTemplate(dataSource),
                new DatabaseGuard(metrics, clock, Duration.ofSeconds(10)), new InMemoryReplayCache(clock), clock);
    }

    private void open(TestDatabase which) {
        database = which.open();
        dataSource = new SwitchableDataSource(database.source());
    }

    @AfterEach
    void close() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aTokenUsedAtOneReplicaIsAReplayAtAnother(TestDatabase which) {
        open(which);
        ReplayCache first = replica();
        ReplayCache second = replica();
        Instant expires = clock.instant().plusSeconds(300);

        assertThat(first.firstUse(ISSUER, "jti-1", expires)).isTrue();
        assertThat(second.firstUse(ISSUER, "jti-1", expires)).isFalse();
        assertThat(first.firstUse(ISSUER, "jti-1", expires)).isFalse();
        assertThat(second.firstUse(ISSUER, "jti-2", expires)).isTrue();
        assertThat(second.firstUse("https://other.example", "jti-1", expires)).as("another issuer's jti").isTrue();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void aJtiMayBeUsedAgainOnceItsFirstUseHasExpired(TestDatabase which) {
        open(which);
        ReplayCache cache = replica();
        assertThat(cache.firstUse(ISSUER, "jti-1", clock.instant().plusSeconds(60))).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(cache.firstUse(ISSUER, "jti-1", clock.instant().plusSeconds(60))).isTrue();
        assertThat(cache.firstUse(ISSUER, "jti-1", clock.instant().plusSeconds(60))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void whileTheDatabaseIsAwayEachNodeRemembersItsOwnTokens(TestDatabase which) {
        open(which);
        ReplayCache cache = replica();
        Instant expires = clock.instant().plusSeconds(300);
        dataSource.away(true);

        assertThat(cache.firstUse(ISSUER, "jti-1", expires)).as("served, not refused").isTrue();
        assertThat(cache.firstUse(ISSUER, "jti-1", expires)).as("a replay at this node").isFalse();
        assertThat(metrics.counter("spinecds.database.failures", "operation", "replay-cache").count()).isEqualTo(1);
        assertThat(metrics.get("spinecds.database.available").gauge().value()).isZero();

        dataSource.away(false);
        clock.advance(Duration.ofSeconds(11));
        assertThat(metrics.get("spinecds.database.available").gauge().value()).isEqualTo(1);
        assertThat(cache.firstUse(ISSUER, "jti-2", expires)).isTrue();
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM token_use", Long.class))
                .as("back in the database").isEqualTo(1);
    }
}
