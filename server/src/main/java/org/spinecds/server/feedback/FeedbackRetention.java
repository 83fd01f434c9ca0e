package org.spinecds.server.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.LogText;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the records only as long as the site wants them ({@code spinecds.feedback.retention}): cards sent before
 * then and the feedback on them are deleted, and so are the used tokens of the replay cache that have expired.
 */
final class FeedbackRetention {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackRetention.class);

    /** How much one purge removed. */
    record Purged(int cards, int feedback, int tokens) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final Duration retention;

    FeedbackRetention(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock, Duration retention) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
        this.retention = retention;
    }

    @Scheduled(initialDelayString = "${spinecds.feedback.purge-every}", fixedDelayString = "${spinecds.feedback.purge-every}")
    void purgeOnSchedule() {
        try {
            Purged purged = purge();
            LOG.info("Retention: purged {} cards sent, {} feedback items and {} used tokens", purged.cards(),
                    purged.feedback(), purged.tokens());
        } catch (DataAccessException e) {
            LOG.warn("Retention: the purge failed and is tried again at its next run (messages left out)",
                    LogText.withoutMessages(e));
        }
    }

    Purged purge() {
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        OffsetDateTime cutoff = now.minus(retention);
        return transactions.execute(status -> {
            int feedback = jdbc.update("DELETE FROM card_feedback WHERE card_uuid IN"
                    + " (SELECT card_uuid FROM card_sent WHERE sent_at < ?)", cutoff);
            int cards = jdbc.update("DELETE FROM card_sent WHERE sent_at < ?", cutoff);
            int tokens = jdbc.update("DELETE FROM token_use WHERE expires_at < ?", now);
            return new Purged(cards, feedback, tokens);
        });
    }
}
