package org.spinecds.server.feedback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.LogText;
import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Writes the cards sent behind the answers, in batches: a request thread only queues its cards' rows, and one writer
 * thread inserts the calls of up to 25 ms in one transaction. The insert and its commit were a tenth of a
 * patient-view's CPU on the request thread, and under load one transaction now carries many calls' cards. The answer
 * never waits for the database: when the queue is full (the database slow or away for long) a call's rows are left
 * out and counted ({@code spinecds_cards_unrecorded_total}), as a failed insert always lost them.
 *
 * <p>Feedback must find the card it answers: {@link #awaitQueued} waits until every row queued before it is in (a
 * batch's 25 ms at most, plus its insert). The window in which another replica cannot find a card yet is one batch,
 * tens of milliseconds, against the seconds a clinician takes to answer a card.
 */
final class CardSentWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CardSentWriter.class);
    private static final String INSERT = "INSERT INTO card_sent (card_uuid, service_id, hook_instance, card_kind,"
            + " indicator, patient_hash, suggestion_uuids, sent_at, evidence_hash, trial)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int QUEUED_CALLS = 4_096;
    private static final int CALLS_PER_BATCH = 256;
    /** How long a batch waits for more calls after its first: one commit then serves every call in that time. */
    private static final long LINGER_NANOS = Duration.ofMillis(25).toNanos();
    private static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final DatabaseGuard database;
    private final Counter unrecorded;
    private final BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(QUEUED_CALLS);
    private final Thread writer;
    private final Object progress = new Object();
    private long queuedCalls;
    private long doneCalls;
    private volatile boolean closed;

    CardSentWriter(JdbcTemplate jdbc, TransactionTemplate transactions, DatabaseGuard database,
            MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.database = database;
        this.unrecorded = Counter.builder("spinecds.cards.unrecorded")
                .description("Cards sent but not recorded because the queue for the database was full")
                .register(metrics);
        this.writer = new Thread(this::writeUntilClosed, "card-ledger-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues one call's rows; leaves them out (counted) when the queue is full or the writer is closed. */
    void queue(List<Object[]> rows) {
        synchronized (progress) {
            if (!closed && queue.offer(rows)) {
                queuedCalls++;
                return;
            }
        }
        unrecorded.increment(rows.size());
    }

    /** Waits (at most a few seconds) until every call queued so far is written or has failed. */
    void awaitQueued() {
        long deadline = System.nanoTime() + LONGEST_WAIT.toNanos();
        synchronized (progress) {
            long target = queuedCalls;
            long left;
            while (doneCalls < target && (left = deadline - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(progress, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Writes what is queued, then stops the writer. */
    @Override
    public void close() {
        synchronized (progress) {
            closed = true;
        }
        try {
            writer.join(LONGEST_WAIT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void writeUntilClosed() {
        List<List<Object[]>> calls = new ArrayList<>();
        while (!(closed && queue.isEmpty())) {
            try {
                List<Object[]> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                calls.add(first);
                gatherMore(calls);
                write(calls);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                synchronized (progress) {
                    doneCalls += calls.size();
                    progress.notifyAll();
                }
                calls.clear();
            }
        }
    }

    // The writer sleeps through the linger rather than waiting on the queue: a waiting writer would be woken by
    // every call's offer, a thread switch per call on the request threads' cores.
    private void gatherMore(List<List<Object[]>> calls) throws InterruptedException {
        if (!closed && queue.size() < CALLS_PER_BATCH - calls.size()) {
            TimeUnit.NANOSECONDS.sleep(LINGER_NANOS);
        }
        queue.drainTo(calls, CALLS_PER_BATCH - calls.size());
    }

    private void write(List<List<Object[]>> calls) {
        List<Object[]> rows = new ArrayList<>();
        calls.forEach(rows::addAll);
        try {
            database.attempt("record-cards", () -> transactions.execute(status -> jdbc.batchUpdate(INSERT, rows)));
        } catch (RuntimeException e) {
            // Not the database's own failure (the guard counts those); the writer must live on regardless.
            LOG.error("Recording {} sent cards failed (messages left out)", rows.size(), LogText.withoutMessages(e));
        }
    }
}
