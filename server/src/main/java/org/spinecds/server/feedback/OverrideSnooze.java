package org.spinecds.server.feedback;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.spinecds.cdshooks.CardSnooze;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.jdbc.core.JdbcTemplate;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * After a clinician overrides a piece of patient-view advice for a patient (a card kind the catalogue marks
 * snoozable: PT, exercises, self-care, complementary options, referral advice), that kind is not shown to the
 * patient again for {@code period}, unless the records it is based on change (new ids or versions). Red flags,
 * medication safety and order-hook cards are never snoozed; trial calls neither snooze nor are snoozed. Without
 * the database every card is shown.
 */
final class OverrideSnooze implements CardSnooze {

    private record KindAndEvidence(String kind, String evidence) {
    }

    private final JdbcTemplate jdbc;
    private final Set<String> snoozableKinds;
    private final KeyedHash patientHash;
    private final EvidenceFingerprint fingerprint;
    private final TrialCalls trials;
    private final DatabaseGuard database;
    private final MeterRegistry metrics;
    private final Clock clock;
    private final Duration period;

    OverrideSnooze(JdbcTemplate jdbc, CardCatalogue catalogue, KeyedHash hash, TrialCalls trials,
            DatabaseGuard database, MeterRegistry metrics, Clock clock, Duration period) {
        this.jdbc = jdbc;
        this.snoozableKinds = catalogue.cards().stream().filter(CardDefinition::snoozable).map(CardDefinition::id)
                .collect(Collectors.toUnmodifiableSet());
        this.patientHash = hash;
        this.fingerprint = new EvidenceFingerprint(hash);
        this.trials = trials;
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
        this.period = period;
    }

    @Override
    public List<Card> shown(String serviceId, CdsRequest request, ResolvedData data, List<Card> cards) {
        if (request.hook() != Hook.PATIENT_VIEW || period.isZero() || trials.current()) {
            return cards;
        }
        List<Card> snoozable = cards.stream().filter(card -> snoozableKinds.contains(CardLedger.kind(card))).toList();
        if (snoozable.isEmpty()) {
            return cards;
        }
        Set<KindAndEvidence> overridden = database.attempt("snooze", () -> overridden(serviceId, request.patientId()))
                .orElse(Set.of());
        if (overridden.isEmpty()) {
            return cards;
        }
        Map<String, String> evidence = fingerprint.of(snoozable, data);
        List<Card> shown = new ArrayList<>();
        for (Card card : cards) {
            String kind = CardLedger.kind(card);
            if (evidence.containsKey(card.uuid())
                    && overridden.contains(new KindAndEvidence(kind, evidence.get(card.uuid())))) {
                metrics.counter("spinecds.cards.snoozed", "service", serviceId, "kind", kind).increment();
            } else {
                shown.add(card);
            }
        }
        return shown;
    }

    /** The kinds overridden for this patient within the period (at the earlier of the outcome and its receipt). */
    private Set<KindAndEvidence> overridden(String serviceId, String patientId) {
        OffsetDateTime since = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC)).minus(period);
        // Only overridden cards are read (index card_sent_overridden), however many cards the patient was sent.
        List<KindAndEvidence> rows = jdbc.query("SELECT card_kind, evidence_hash FROM card_sent"
                        + " WHERE patient_hash = ? AND service_id = ? AND overridden_at >= ? AND trial = FALSE",
                (row, n) -> new KindAndEvidence(row.getString(1), row.getString(2)),
                patientHash.of(patientId), serviceId, since);
        return rows.isEmpty() ? Collections.emptySet() : Set.copyOf(rows);
    }
}
