package org.spinecds.server.feedback;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.spinecds.cdshooks.CallObserver;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.Suggestion;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The record of every card sent (service, hookInstance, card uuid and kind, indicator, suggestion uuids, time; the
 * patient only as a keyed hash), so that feedback can be checked against the card it answers.
 */
public final class CardLedger implements CallObserver {

    /** A card as it was sent: what feedback about it may say. */
    record SentCard(String uuid, String serviceId, String kind, List<String> suggestionUuids) {
    }

    private final JdbcClient jdbc;
    private final PatientHash patientHash;
    private final Clock clock;

    CardLedger(JdbcClient jdbc, PatientHash patientHash, Clock clock) {
        this.jdbc = jdbc;
        this.patientHash = patientHash;
        this.clock = clock;
    }

    @Override
    public void answered(String serviceId, CdsRequest request, ResolvedData data, CdsResponse response,
            long elapsedNanos) {
        String patient = patientHash.of(request.patientId());
        Timestamp now = Timestamp.from(clock.instant());
        for (Card card : response.cards()) {
            jdbc.sql("INSERT INTO card_sent (card_uuid, service_id, hook_instance, card_kind, indicator, patient_hash,"
                            + " suggestion_uuids, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(card.uuid(), serviceId, truncated(request.hookInstance()),
                            String.valueOf(card.extension().get(Card.CARD_ID_EXTENSION)), card.indicator().code(),
                            patient, String.join(" ", suggestionUuids(card)), now)
                    .update();
        }
    }

    Optional<SentCard> find(String cardUuid) {
        return jdbc.sql("SELECT card_uuid, service_id, card_kind, suggestion_uuids FROM card_sent WHERE card_uuid = ?")
                .param(cardUuid)
                .query((row, n) -> new SentCard(row.getString(1), row.getString(2), row.getString(3),
                        List.of(row.getString(4).split(" ")).stream().filter(s -> !s.isEmpty()).toList()))
                .optional();
    }

    private static List<String> suggestionUuids(Card card) {
        return card.suggestions() == null ? List.of() : card.suggestions().stream().map(Suggestion::uuid).toList();
    }

    private static String truncated(String hookInstance) {
        return hookInstance.length() <= 200 ? hookInstance : hookInstance.substring(0, 200);
    }
}
