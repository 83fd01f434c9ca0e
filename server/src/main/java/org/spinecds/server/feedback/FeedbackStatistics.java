package org.spinecds.server.feedback;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.model.Coding;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What clinicians did with each card kind, over the records kept (the retention period): how often it was shown,
 * accepted and overridden, and the override reasons given most. Trial calls (the clinician page) are left out.
 */
final class FeedbackStatistics {

    private static final int TOP_REASONS = 3;

    /** One card kind of one service. */
    record CardKindStatistics(String service, String kind, long shown, long accepted, long overridden,
            @JsonInclude(JsonInclude.Include.ALWAYS) List<ReasonCount> topOverrideReasons) {
    }

    record ReasonCount(Coding reason, long count) {
    }

    record Statistics(List<CardKindStatistics> cardKinds) {
    }

    private record Key(String service, String kind) {
    }

    private final JdbcTemplate jdbc;
    private final CardCatalogue catalogue;

    FeedbackStatistics(JdbcTemplate jdbc, CardCatalogue catalogue) {
        this.jdbc = jdbc;
        this.catalogue = catalogue;
    }

    Statistics all() {
        Map<Key, List<ReasonCount>> reasons = topReasons();
        List<CardKindStatistics> kinds = jdbc.query("SELECT s.service_id, s.card_kind, COUNT(*),"
                        + " SUM(CASE WHEN EXISTS (SELECT 1 FROM card_feedback f WHERE f.card_uuid = s.card_uuid"
                        + "   AND f.outcome = 'accepted') THEN 1 ELSE 0 END),"
                        + " SUM(CASE WHEN EXISTS (SELECT 1 FROM card_feedback f WHERE f.card_uuid = s.card_uuid"
                        + "   AND f.outcome = 'overridden') THEN 1 ELSE 0 END)"
                        + " FROM card_sent s WHERE s.trial = FALSE"
                        + " GROUP BY s.service_id, s.card_kind ORDER BY s.service_id, s.card_kind",
                (row, n) -> new CardKindStatistics(row.getString(1), row.getString(2), row.getLong(3),
                        row.getLong(4), row.getLong(5),
                        reasons.getOrDefault(new Key(row.getString(1), row.getString(2)), List.of())));
        return new Statistics(kinds);
    }

    private Map<Key, List<ReasonCount>> topReasons() {
        Map<Key, List<ReasonCount>> reasons = new LinkedHashMap<>();
        jdbc.query("SELECT s.service_id, s.card_kind, f.override_system, f.override_code, COUNT(*) AS n"
                        + " FROM card_feedback f JOIN card_sent s ON s.card_uuid = f.card_uuid"
                        + " WHERE s.trial = FALSE AND f.override_code IS NOT NULL"
                        + " GROUP BY s.service_id, s.card_kind, f.override_system, f.override_code"
                        + " ORDER BY n DESC, f.override_code",
                row -> {
                    List<ReasonCount> top = reasons.computeIfAbsent(new Key(row.getString(1), row.getString(2)),
                            key -> new ArrayList<>());
                    if (top.size() < TOP_REASONS) {
                        top.add(new ReasonCount(reason(row.getString(3), row.getString(4)), row.getLong(5)));
                    }
                });
        return reasons;
    }

    private Coding reason(String system, String code) {
        String display = system.equals(catalogue.overrideReasons().system())
                ? catalogue.overrideReasons().codes().get(code) : null;
        return new Coding(system, code, display);
    }
}
