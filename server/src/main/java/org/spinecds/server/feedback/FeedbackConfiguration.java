package org.spinecds.server.feedback;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The record of cards sent and the feedback on them, in the configured database (H2 file by default). */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FeedbackConfiguration.class);

    @Bean
    CardLedger cardLedger(JdbcClient jdbc, @Value("${spinecds.feedback.patient-hash-key:}") String key) {
        if (key.isBlank()) {
            LOG.warn("spinecds.feedback.patient-hash-key is not set: a random key is used, so stored patient hashes"
                    + " do not match across restarts");
        }
        return new CardLedger(jdbc, PatientHash.withKey(key), Clock.systemUTC());
    }

    @Bean
    FeedbackService feedbackService(JdbcClient jdbc, CardLedger ledger, ObjectMapper cdsJsonMapper,
            TransactionTemplate transactions) {
        return new FeedbackService(jdbc, ledger, CardCatalogue.loadFromClasspath(cdsJsonMapper), transactions,
                cdsJsonMapper, Clock.systemUTC());
    }
}
