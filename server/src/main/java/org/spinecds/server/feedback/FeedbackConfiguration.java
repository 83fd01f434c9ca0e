package org.spinecds.server.feedback;

import java.time.Clock;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.server.ops.DatabaseGuard;
import org.spinecds.server.security.CallerIssuer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The record of cards sent, the feedback on them, the override snooze and the retention job, in the configured
 * database (an H2 file by default). Times are the real clock's: the clinical clock may be pinned in tests.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FeedbackProperties.class)
@EnableScheduling
public class FeedbackConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackConfiguration.class);

    @Bean
    KeyedHash keyedHash(FeedbackProperties properties) {
        if (properties.patientHashKey().isBlank()) {
            LOG.warn("spinecds.feedback.patient-hash-key is not set: a random key is used, so stored hashes do not"
                    + " match across restarts and snoozes end at a restart");
        }
        return KeyedHash.withKey(properties.patientHashKey());
    }

    @Bean
    TrialCalls trialCalls(FeedbackProperties properties) {
        return new TrialCalls(Set.copyOf(properties.trialIssuers()), CallerIssuer::current);
    }

    @Bean
    CardCatalogue cardCatalogue(ObjectMapper cdsJsonMapper) {
        return CardCatalogue.loadFromClasspath(cdsJsonMapper);
    }

    @Bean
    CardSentWriter cardSentWriter(JdbcTemplate jdbc, TransactionTemplate transactions, DatabaseGuard database,
            MeterRegistry metrics) {
        return new CardSentWriter(jdbc, transactions, database, metrics);
    }

    @Bean
    CardLedger cardLedger(JdbcTemplate jdbc, CardSentWriter writer, KeyedHash hash, TrialCalls trials) {
        return new CardLedger(jdbc, writer, hash, trials, Clock.systemUTC());
    }

    @Bean
    OverrideSnooze overrideSnooze(JdbcTemplate jdbc, CardCatalogue cardCatalogue, KeyedHash hash,
            TrialCalls trials, DatabaseGuard database, MeterRegistry metrics, FeedbackProperties properties) {
        return new OverrideSnooze(jdbc, cardCatalogue, hash, trials, database, metrics, Clock.systemUTC(),
                properties.snooze());
    }

    @Bean
    FeedbackService feedbackService(JdbcClient jdbc, CardLedger ledger, CardCatalogue cardCatalogue,
            ObjectMapper cdsJsonMapper, TransactionTemplate transactions, DatabaseGuard database,
            MeterRegistry metrics) {
        return new FeedbackService(jdbc, ledger, cardCatalogue, transactions, cdsJsonMapper, database, metrics,
                Clock.systemUTC());
    }

    @Bean
    FeedbackStatistics feedbackStatistics(JdbcTemplate jdbc, CardCatalogue cardCatalogue) {
        return new FeedbackStatistics(jdbc, cardCatalogue);
    }

    @Bean
    FeedbackRetention feedbackRetention(JdbcTemplate jdbc, TransactionTemplate transactions,
            FeedbackProperties properties) {
        return new FeedbackRetention(jdbc, transactions, Clock.systemUTC(), properties.retention());
    }
}
