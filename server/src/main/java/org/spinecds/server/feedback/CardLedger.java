package org.spinecds.server.feedback;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.spinecds.cdshooks.CallObserver;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.Suggestion;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The record of every card sent (service, hookInstance, card uuid and kind, indicator, suggestion uuids, time,
 * evidence fingerprint, trial or not; the patient only as a keyed hash), so that feedback can be checked against
 * the card it answers and an override can snooze its kind. The rows are written behind the answer
 * ({@link CardSentWriter}); a database failure loses the record, never the answer.
 */
public final class CardLedger implements CallObserver {

    /** A card as it was sent: what feedback about it may say, and whether its feedback counts. */
    record SentCard(String uuid, String serviceId, String kind, List<String> suggestionUuids, boolean trial) {
    }

    private final JdbcTemplate jdbc;
    private final CardSentWriter writer;
    private final KeyedHash patientHash;
    private final EvidenceFingerprint fingerprint;
    private final TrialCalls trials;
    private final Clock clock;

    CardLedger(JdbcTemplate jdbc, CardSentWriter writer, KeyedHash hash, TrialCalls trials, Clock clock) {
        this.jdbc = jdbc;
        this.writer = writer;
        this.patientHash = hash;
        this.fingerprint = new EvidenceFingerprint(hash);
        this.trials = trials;
        this.clock = clock;
    }

    @Override
    public void answered(String serviceId, CdsRequest request, ResolvedData data, CdsResponse response,
            long elapsedNanos) {
        if (response.cards().isEmpty()) {
            return;
        }
        String patient = patientHash.of(request.patientId());
        Map<String, String> evidence = fingerprint.of(response.cards(), data);
        OffsetDateTime now = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        boolean trial = trials.current();
        List<Object[]> rows = new ArrayList<>();
        for (Card card : response.cards()) {
            rows.add(new Object[] {card.uuid(), serviceId, truncated(request.hookInstance()), kind(card),
                    card.indicator().code(), patient, String.join(" ", suggestionUuids(card)), now,
                    evidence.get(card.uuid()), trial});
        }
        writer.queue(rows);
    }

    /** The card as recorded, once every card sent before this call is written. */
    Optional<SentCard> find(String cardUuid) {
        writer.awaitQueued();
        return jdbc.query("SELECT card_uuid, service_id, card_kind, suggestion_uuids, trial FROM card_sent"
                        + " WHERE card_uuid = ?",
                (row, n) -> new SentCard(row.getString(1), row.getString(2), row.getString(3),
                        List.of(row.getString(4).split(" ")).stream().filter(s -> !s.isEmpty()).toList(),
                        row.getBoolean(5)),
                cardUuid).stream().findFirst();
    }

    static String kind(Card card) {
        return String.valueOf(card.extension().get(Card.CARD_ID_EXTENSION));
    }

    private static List<String> suggestionUuids(Card card) {
        return card.suggestions() == null ? List.of() : card.suggestions().stream().map(Suggestion::uuid).toList();
    }

    private static String truncated(String hookInstance) {
        return hookInstance.length() <= 200 ? hookInstance : hookInstance.substring(0, 200);
    }
}
