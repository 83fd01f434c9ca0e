package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.spinecds.server.ops.DatabaseGuard;
import org.spinecds.server.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The ledger's writer: what a call queues is in the database once {@code awaitQueued} returns, calls queued together
 * go in together, a full queue leaves a call's cards out and counts them instead of holding up the answer, and
 * closing writes what was queued.
 */
class CardSentWriterTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final TestDatabase.Migrated database = TestDatabase.H2.open();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
        database.close();
    }

    @Test
    void whatACallQueuedIsWrittenBeforeAwaitReturns() {
        CardSentWriter writer = writer(database.source());
        for (int call = 0; call < 50; call++) {
            writer.queue(List.of(row("call-" + call + "-a"), row("call-" + call + "-b")));
        }
        writer.awaitQueued();

        assertThat(sentCards()).isEqualTo(100);
        assertThat(unrecorded()).isZero();
    }

    @Test
    void aFullQueueLeavesACallOutAndCountsItWithoutWaiting() throws Exception {
        CountDownLatch databaseBack = new CountDownLatch(1);
        CardSentWriter writer = writer(new DelegatingDataSource(database.source()) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                try {
                    databaseBack.await(30, TimeUnit.SECONDS); // a database that hangs until released
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.getConnection();
            }
        });
        int queued = 0;
        while (unrecorded() == 0 && queued < 10_000) {
            writer.queue(List.of(row("card-" + queued), row("card-" + queued + "-b")));
            queued++;
        }

        assertThat(unrecorded()).as("the call that found the queue full").isEqualTo(2);
        databaseBack.countDown();
        writer.awaitQueued();
        assertThat(sentCards()).isEqualTo(2L * (queued - 1));
    }

    @Test
    void closingWritesWhatWasQueuedAndLeavesLaterCallsOut() {
        CardSentWriter writer = writer(database.source());
        writer.queue(List.<Object[]>of(row("before-close")));
        writer.close();
        writer.queue(List.<Object[]>of(row("after-close")));

        assertThat(sentCards()).isEqualTo(1);
        assertThat(unrecorded()).isEqualTo(1);
    }

    private CardSentWriter writer(DataSource source) {
        DatabaseGuard guard = new DatabaseGuard(metrics, Clock.systemUTC(), Duration.ofSeconds(10));
        CardSentWriter writer = new CardSentWriter(new JdbcTemplate(source),
                new TransactionTemplate(new DataSourceTransactionManager(source)), guard, metrics);
        opened.add(0, writer);
        return writer;
    }

    private long sentCards() {
        return new JdbcTemplate(database.source()).queryForObject("SELECT COUNT(*) FROM card_sent", Long.class);
    }

    private double unrecorded() {
        return metrics.counter("spinecds.cards.unrecorded").count();
    }

    private static Object[] row(String cardUuid) {
        return new Object[] {cardUuid, "back-paresthesia", "hook-instance", "BT-PT-L", "info", "patient-hash", "",
                OffsetDateTime.now(ZoneOffset.UTC), "evidence-hash", false};
    }
}
