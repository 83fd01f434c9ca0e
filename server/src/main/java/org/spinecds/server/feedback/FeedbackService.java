package org.spinecds.server.feedback;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.model.Coding;
import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Feedback in the CDS Hooks 2.0.1 shape, {@code {"feedback": [ … ]}}: every item is checked against the card it
 * answers (sent by this service; {@code accepted} names suggestions of that card, {@code overridden} may give one of
 * the card's override reasons; {@code outcomeTimestamp} is a date-time) before anything is stored, then all items
 * are stored in one transaction; an item posted twice is stored once.
 */
public final class FeedbackService {

    private static final Set<String> OUTCOMES = Set.of("accepted", "overridden");

    private record Item(CardLedger.SentCard card, String outcome, OffsetDateTime at, List<String> accepted,
            Coding reason) {
    }

    private final JdbcClient jdbc;
    private final CardLedger ledger;
    private final CardCatalogue catalogue;
    private final TransactionTemplate transactions;
    private final ObjectMapper json;
    private final DatabaseGuard database;
    private final MeterRegistry metrics;
    private final Clock clock;

    FeedbackService(JdbcClient jdbc, CardLedger ledger, CardCatalogue catalogue, TransactionTemplate transactions,
            ObjectMapper json, DatabaseGuard database, MeterRegistry metrics, Clock clock) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.transactions = transactions;
        this.json = json;
        this.database = database;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Checks every item, then stores them all or nothing; how many were new. Without the database the answer is
     * 503: the EHR may post the same feedback again later, and it will be stored once.
     */
    public int accept(String serviceId, byte[] body) {
        try {
            return checkAndStore(serviceId, body);
        } catch (DataAccessException e) {
            database.failed("feedback", e);
            throw new CdsHooksException(503, "transient", "Feedback cannot be stored now; post it again later");
        }
    }

    private int checkAndStore(String serviceId, byte[] body) {
        JsonNode items = feedbackArray(body);
        List<Item> valid = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            int index = i;
            check(serviceId, items.get(i), message -> problems.add("feedback[" + index + "]: " + message))
                    .ifPresent(valid::add);
        }
        if (!problems.isEmpty()) {
            throw CdsHooksException.badRequest("invalid", String.join("; ", problems));
        }
        List<Item> stored = transactions.execute(status -> valid.stream().filter(this::store).toList());
        stored.stream().filter(item -> !item.card().trial()).forEach(item -> metrics.counter("spinecds.feedback",
                "service", serviceId, "kind", item.card().kind(), "outcome", item.outcome()).increment());
        return stored.size();
    }

    private JsonNode feedbackArray(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw CdsHooksException.badRequest("invalid", "The feedback body is not valid JSON");
        }
        JsonNode items = root == null ? null : root.get("feedback");
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw CdsHooksException.badRequest("required", "'feedback' must be a non-empty array");
        }
        return items;
    }

    private Optional<Item> check(String serviceId, JsonNode item, java.util.function.Consumer<String> problem) {
        String cardUuid = item.path("card").asText("");
        Optional<CardLedger.SentCard> card = cardUuid.isEmpty() ? Optional.empty() : ledger.find(cardUuid);
        if (card.isEmpty() || !card.get().serviceId().equals(serviceId)) {
            problem.accept("'card' is not a card this service sent");
            return Optional.empty();
        }
        String outcome = item.path("outcome").asText("");
        if (!OUTCOMES.contains(outcome)) {
            problem.accept("'outcome' must be accepted or overridden");
            return Optional.empty();
        }
        OffsetDateTime at;
        try {
            // As the database keeps it (UTC, microseconds), so that the same moment posted twice is one row.
            at = OffsetDateTime.parse(item.path("outcomeTimestamp").asText(""))
                    .withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            problem.accept("'outcomeTimestamp' must be a date-time with an offset");
            return Optional.empty();
        }
        List<String> accepted = new ArrayList<>();
        item.path("acceptedSuggestions").forEach(s -> accepted.add(s.path("id").asText("")));
        if (outcome.equals("accepted") && (accepted.isEmpty() || !card.get().suggestionUuids().containsAll(accepted))) {
            problem.accept("'acceptedSuggestions' must name suggestions of the card");
            return Optional.empty();
        }
        JsonNode overrideReason = item.path("overrideReason");
        if (!overrideReason.isMissingNode() && !overrideReason.has("reason") && !overrideReason.has("userComment")) {
            problem.accept("'overrideReason' must give a reason, a userComment or both");
            return Optional.empty();
        }
        // A userComment is free text that may name the patient: it is checked for, never stored.
        Coding reason = null;
        JsonNode reasonNode = overrideReason.path("reason");
        if (!reasonNode.isMissingNode()) {
            reason = new Coding(reasonNode.path("system").asText(""), reasonNode.path("code").asText(""), null);
            if (!outcome.equals("overridden") || !offered(card.get().kind(), reason)) {
                problem.accept("'overrideReason' must be one of the card's override reasons, with outcome overridden");
                return Optional.empty();
            }
        }
        return Optional.of(new Item(card.get(), outcome, at, accepted, reason));
    }

    private boolean offered(String kind, Coding reason) {
        return catalogue.card(kind).stream().flatMap(card -> catalogue.overrideReasons(card).stream())
                .anyMatch(offered -> offered.system().equals(reason.system()) && offered.code().equals(reason.code()));
    }

    /** Whether the item was new. */
    private boolean store(Item item) {
        String card = item.card().uuid();
        OffsetDateTime at = item.at();
        OffsetDateTime receivedAt = OffsetDateTime.now(clock.withZone(ZoneOffset.UTC));
        try {
            boolean added = jdbc.sql("INSERT INTO card_feedback (card_uuid, outcome, outcome_timestamp, accepted_suggestions,"
                            + " override_code, override_system, received_at)"
                            + " SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM card_feedback"
                            + " WHERE card_uuid = ? AND outcome = ? AND outcome_timestamp = ?)")
                    .params(card, item.outcome(), at, String.join(" ", item.accepted()),
                            item.reason() == null ? null : item.reason().code(),
                            item.reason() == null ? null : item.reason().system(),
                            receivedAt, card, item.outcome(), at)
                    .update() == 1;
            if (added && item.outcome().equals("overridden")) {
                noteOverride(card, at.isBefore(receivedAt) ? at : receivedAt);
            }
            return added;
        } catch (DuplicateKeyException postedTwiceAtOnce) {
            return false;
        }
    }

    /** The override snooze reads the latest override's moment from the card itself (V3 migration). */
    private void noteOverride(String card, OffsetDateTime overriddenAt) {
        jdbc.sql("UPDATE card_sent SET overridden_at = ? WHERE card_uuid = ?"
                        + " AND (overridden_at IS NULL OR overridden_at < ?)")
                .params(overriddenAt, card, overriddenAt)
                .update();
    }
}
