package org.spinecds.server.feedback;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spinecds.feedback.*}: what is kept of the cards sent and the feedback on them, and for how long.
 *
 * @param patientHashKey the key of the keyed hashes stored instead of patient ids and record ids: set it, and keep
 *                       it, in production (without it a random key is used, and snoozes end at a restart)
 * @param snooze         how long an overridden piece of patient-view advice stays hidden for the patient while its
 *                       evidence is unchanged; {@code 0} switches the snooze off
 * @param retention      how long cards sent and their feedback are kept; longer than the snooze
 * @param purgeEvery     how often records older than the retention are deleted
 * @param trialIssuers   the {@code iss} of callers that only try the cards (the clinician page): their cards and
 *                       feedback are marked, never snoozed, and left out of the snooze and the statistics
 */
@ConfigurationProperties("spinecds.feedback")
public record FeedbackProperties(
        @DefaultValue("") String patientHashKey,
        @DefaultValue("30d") Duration snooze,
        @DefaultValue("400d") Duration retention,
        @DefaultValue("1h") Duration purgeEvery,
        @DefaultValue List<String> trialIssuers) {

    public FeedbackProperties {
        if (snooze.isNegative() || retention.compareTo(snooze) <= 0) {
            throw new IllegalArgumentException("spinecds.feedback: the retention (" + retention
                    + ") must be longer than the snooze (" + snooze + "), and the snooze 0 or more");
        }
    }
}
