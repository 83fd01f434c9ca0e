package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.server.ops.DatabaseGuard;
import org.spinecds.server.testing.MutableClock;
import org.spinecds.server.testing.SwitchableDataSource;
import org.spinecds.server.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The record of cards sent, feedback, the override snooze, the statistics and the retention job against each
 * database the service runs on (an H2 file and PostgreSQL), through the CDS Hooks layer as the server assembles it.
 */
class FeedbackRepositoryTest {

    private static final String SERVICE = "back-paresthesia";
    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final String CAUDA_EQUINA =
            "/fixtures/back-paresthesia/lumbar-radiculopathy-with-urinary-retention/request.json";
    private static final Instant NOW = Instant.parse("2026-12-03T09:00:00Z");
    private static final String PAGE_ISSUER = "https://spinecds.example/clinician-page";

    private final MutableClock clock = new MutableClock(NOW);
    private final AtomicReference<String> callerIssuer = new AtomicReference<>();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private TestDatabase.Migrated database;
    private SwitchableDataSource dataSource;
    private JdbcTemplate jdbc;
    private CdsHooksApi api;
    private FeedbackService feedback;
    private FeedbackStatistics statistics;
    private FeedbackRetention retention;
    private CardSentWriter writer;

    private void open(TestDatabase which) {
        open(which.open());
    }

    private void open(TestDatabase.Migrated migrated) {
        database = migrated;
        dataSource = new SwitchableDataSource(database.source());
        jdbc = new JdbcTemplate(dataSource);
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        KeyedHash hash = KeyedHash.withKey("test-key");
        TrialCalls trials = new TrialCalls(Set.of(PAGE_ISSUER), () -> Optional.ofNullable(callerIssuer.get()));
        DatabaseGuard guard = new DatabaseGuard(metrics, clock, Duration.ofSeconds(10));
        CardCatalogue catalogue = CardCatalogue.loadFromClasspath(TestServices.JSON);
        writer = new CardSentWriter(jdbc, transactions, guard, metrics);
        CardLedger ledger = new CardLedger(jdbc, writer, hash, trials, clock);
        OverrideSnooze snooze = new OverrideSnooze(jdbc, catalogue, hash, trials, guard, metrics, clock,
                Duration.ofDays(30));
        api = CdsHooksAssembly.assemble(TestServices.evaluator(), TestServices.FHIR, TestServices.JSON,
                Clock.fixed(TestServices.DEFAULT_NOW, ZoneOffset.UTC), IdGenerator.random(), Optional.empty(), snooze,
                ledger, SiteSettings.DEFAULTS);
        feedback = new FeedbackService(JdbcClient.create(dataSource), ledger, catalogue, transactions,
                TestServices.JSON, guard, metrics, clock);
        statistics = new FeedbackStatistics(jdbc, catalogue);
        retention = new FeedbackRetention(jdbc, transactions, clock, Duration.ofDays(400));
    }

    @AfterEach
    void close() throws Exception {
        if (writer != null) {
            writer.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void everyCardSentIsRecordedWithoutThePatientId(TestDatabase which) throws IOException {
        open(which);
        List<Card> cards = call(request(LUMBAR));

        assertThat(jdbc.queryForList("SELECT card_kind FROM card_sent ORDER BY card_kind", String.class))
                .containsExactlyInAnyOrderElementsOf(cards.stream().map(CardLedger::kind).toList());
        assertThat(jdbc.queryForList("SELECT DISTINCT patient_hash FROM card_sent", String.class))
                .singleElement().asString().hasSize(64).isNotEqualTo("p1").doesNotContain("p1");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void feedbackIsStoredOnceAndAllOrNothing(TestDatabase which) throws IOException {
        open(which);
        Card pt = card(call(request(LUMBAR)), "BT-PT-L");
        ObjectNode override = overridden(pt, "already-under-way");

        assertThat(feedback.accept(SERVICE, body(override))).isEqualTo(1);
        assertThat(feedback.accept(SERVICE, body(override))).isZero();
        ObjectNode wrongTime = overridden(pt, "already-under-way").put("outcomeTimestamp", "yesterday");
        assertThatThrownBy(() -> feedback.accept(SERVICE, body(accepted(pt), wrongTime)))
                .isInstanceOf(CdsHooksException.class).hasMessageContaining("feedback[1]");
        ObjectNode emptyReason = item(pt, "overridden");
        emptyReason.putObject("overrideReason");
        assertThatThrownBy(() -> feedback.accept(SERVICE, body(emptyReason)))
                .isInstanceOf(CdsHooksException.class).hasMessageContaining("a reason, a userComment or both");
        clock.advance(Duration.ofMinutes(1));
        ObjectNode commentOnly = item(pt, "overridden");
        commentOnly.putObject("overrideReason").put("userComment", "Seen by Dr Example for Mrs Smith last week");
        assertThat(feedback.accept(SERVICE, body(commentOnly))).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT * FROM card_feedback").toString()).doesNotContain("Smith");

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback", Long.class)).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void overriddenAdviceIsNotShownToThePatientTheNextDayButSafetyCardsAre(TestDatabase which) throws IOException {
        open(which);
        List<Card> first = call(request(LUMBAR));
        feedback.accept(SERVICE, body(overridden(card(first, "BT-PT-L"), "already-under-way"),
                overridden(card(first, "BT-MED-OK"), "already-discussed")));

        clock.advance(Duration.ofDays(1));
        assertThat(kinds(call(request(LUMBAR)))).doesNotContain("BT-PT-L")
                .contains("BT-MED-OK", "BT-SELF-CARE", "BT-TENS-COMP");
        assertThat(kinds(call(request(LUMBAR).put("hookInstance", "another-chart-open"))))
                .as("the snooze is per patient, not per hook instance").doesNotContain("BT-PT-L");
        assertThat(kinds(call(forPatient(request(LUMBAR), "p2")))).as("another patient").contains("BT-PT-L");
        assertThat(metrics.counter("spinecds.cards.snoozed", "service", SERVICE, "kind", "BT-PT-L").count())
                .isEqualTo(2);

        clock.advance(Duration.ofDays(30));
        assertThat(kinds(call(request(LUMBAR)))).as("after the snooze period").contains("BT-PT-L");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theUpgradeKeepsTheMomentOfEarlierOverridesOnTheirCards(TestDatabase which) {
        TestDatabase.Migrated before = which.openAt("2");
        JdbcTemplate old = new JdbcTemplate(before.source());
        String patient = KeyedHash.withKey("test-key").of("p1");
        OffsetDateTime sent = OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC);
        for (String uuid : List.of("overridden-card", "accepted-card")) {
            old.update("INSERT INTO card_sent (card_uuid, service_id, hook_instance, card_kind, indicator, patient_hash,"
                    + " suggestion_uuids, sent_at) VALUES (?, ?, 'h1', 'BT-PT-L', 'info', ?, '', ?)",
                    uuid, SERVICE, patient, sent);
        }
        old.update("INSERT INTO card_feedback (card_uuid, outcome, outcome_timestamp, accepted_suggestions,"
                + " received_at) VALUES ('overridden-card', 'overridden', ?, '', ?)", sent.plusMinutes(5),
                sent.plusMinutes(2));
        old.update("INSERT INTO card_feedback (card_uuid, outcome, outcome_timestamp, accepted_suggestions,"
                + " received_at) VALUES ('accepted-card', 'accepted', ?, '', ?)", sent, sent);

        open(before.migrate());

        assertThat(jdbc.queryForObject("SELECT overridden_at FROM card_sent WHERE card_uuid = 'overridden-card'",
                OffsetDateTime.class).toInstant()).as("the earlier of outcome and receipt")
                .isEqualTo(sent.plusMinutes(2).toInstant());
        assertThat(jdbc.queryForObject("SELECT overridden_at FROM card_sent WHERE card_uuid = 'accepted-card'",
                OffsetDateTime.class)).isNull();
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void anOverriddenRedFlagIsShownTheNextDay(TestDatabase which) throws IOException {
        open(which);
        Card redFlag = card(call(request(CAUDA_EQUINA)), "BT-RF-01");
        feedback.accept(SERVICE, body(overridden(redFlag, "already-evaluated")));

        clock.advance(Duration.ofDays(1));
        assertThat(kinds(call(request(CAUDA_EQUINA)))).contains("BT-RF-01");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void newOrUpdatedEvidenceShowsTheCardAgainAtOnce(TestDatabase which) throws IOException {
        open(which);
        feedback.accept(SERVICE, body(overridden(card(call(request(LUMBAR)), "BT-PT-L"), "patient-declined")));
        clock.advance(Duration.ofHours(2));

        ObjectNode updated = request(LUMBAR);
        ((ObjectNode) conditions(updated).get(0).get("resource")).putObject("meta").put("versionId", "2");
        assertThat(kinds(call(updated))).as("a new version of a record").contains("BT-PT-L");

        ObjectNode lastUpdated = request(LUMBAR);
        ((ObjectNode) conditions(lastUpdated).get(0).get("resource")).putObject("meta")
                .put("lastUpdated", "2026-12-03T10:00:00Z");
        assertThat(kinds(call(lastUpdated))).as("an unversioned record updated").contains("BT-PT-L");

        ObjectNode added = request(LUMBAR);
        ObjectNode copy = conditions(added).get(0).deepCopy();
        ((ObjectNode) copy.get("resource")).put("id", "radic-2");
        conditions(added).add(copy);
        assertThat(kinds(call(added))).as("a new record").contains("BT-PT-L");

        assertThat(kinds(call(request(LUMBAR)))).as("the same records").doesNotContain("BT-PT-L");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void trialFeedbackNeitherSnoozesNorCounts(TestDatabase which) throws IOException {
        open(which);
        callerIssuer.set(PAGE_ISSUER);
        Card pt = card(call(request(LUMBAR)), "BT-PT-L");
        feedback.accept(SERVICE, body(overridden(pt, "not-applicable")));
        callerIssuer.set("https://ehr.example/cds-client");

        assertThat(kinds(call(request(LUMBAR)))).contains("BT-PT-L");
        assertThat(statistics.all().cardKinds()).extracting(FeedbackStatistics.CardKindStatistics::overridden)
                .containsOnly(0L);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_sent WHERE trial", Long.class)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void statisticsCountShownAcceptedAndOverriddenWithTheTopReasons(TestDatabase which) throws IOException {
        open(which);
        for (String patient : List.of("p1", "p2", "p3")) {
            List<Card> cards = call(forPatient(request(LUMBAR), patient));
            Card pt = card(cards, "BT-PT-L");
            feedback.accept(SERVICE, body(patient.equals("p3") ? accepted(pt) : overridden(pt, "patient-declined")));
        }

        FeedbackStatistics.CardKindStatistics pt = statistics.all().cardKinds().stream()
                .filter(kind -> kind.kind().equals("BT-PT-L")).findFirst().orElseThrow();
        assertThat(pt.service()).isEqualTo(SERVICE);
        assertThat(List.of(pt.shown(), pt.accepted(), pt.overridden())).containsExactly(3L, 1L, 2L);
        assertThat(pt.topOverrideReasons()).singleElement().satisfies(reason -> {
            assertThat(reason.reason().code()).isEqualTo("patient-declined");
            assertThat(reason.reason().display()).isEqualTo("Patient declined");
            assertThat(reason.count()).isEqualTo(2);
        });
        assertThat(metrics.counter("spinecds.feedback", "service", SERVICE, "kind", "BT-PT-L", "outcome",
                "overridden").count()).isEqualTo(2);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void retentionPurgesOldRecordsAndExpiredTokensOnly(TestDatabase which) throws IOException {
        open(which);
        feedback.accept(SERVICE, body(overridden(card(call(request(LUMBAR)), "BT-PT-L"), "patient-declined")));
        clock.advance(Duration.ofDays(300));
        call(forPatient(request(LUMBAR), "p2"));
        jdbc.update("INSERT INTO token_use (token_key, expires_at) VALUES (?, ?)", "a".repeat(64),
                OffsetDateTime.ofInstant(clock.instant().minusSeconds(1), ZoneOffset.UTC));
        jdbc.update("INSERT INTO token_use (token_key, expires_at) VALUES (?, ?)", "b".repeat(64),
                OffsetDateTime.ofInstant(clock.instant().plusSeconds(60), ZoneOffset.UTC));

        assertThat(retention.purge()).isEqualTo(new FeedbackRetention.Purged(0, 0, 1));
        clock.advance(Duration.ofDays(101));
        assertThat(retention.purge()).isEqualTo(new FeedbackRetention.Purged(4, 1, 1));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_sent", Long.class)).isEqualTo(4);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void withoutTheDatabaseEveryCardIsServedAndFeedbackIsRefusedFor503(TestDatabase which) throws IOException {
        open(which);
        Card pt = card(call(request(LUMBAR)), "BT-PT-L");
        feedback.accept(SERVICE, body(overridden(pt, "patient-declined")));
        dataSource.away(true);

        assertThat(kinds(call(request(LUMBAR)))).as("unsnoozed, since the overrides cannot be read").contains("BT-PT-L");
        assertThat(metrics.counter("spinecds.database.failures", "operation", "snooze").count()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(11));
        assertThatThrownBy(() -> feedback.accept(SERVICE, body(accepted(card(call(request(LUMBAR)), "BT-PT-L")))))
                .isInstanceOfSatisfying(CdsHooksException.class, e -> assertThat(e.status()).isEqualTo(503));
    }

    // ---------------------------------------------------------------- helpers

    /** The cards of one call, once the ledger has written them (a moment after the answer). */
    private List<Card> call(ObjectNode request) throws IOException {
        List<Card> cards = api.call(SERVICE, TestServices.JSON.writeValueAsBytes(request)).cards();
        writer.awaitQueued();
        return cards;
    }

    private static List<String> kinds(List<Card> cards) {
        return cards.stream().map(CardLedger::kind).toList();
    }

    private static Card card(List<Card> cards, String kind) {
        return cards.stream().filter(card -> CardLedger.kind(card).equals(kind)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + kinds(cards)));
    }

    private static ObjectNode request(String resource) throws IOException {
        try (InputStream in = FeedbackRepositoryTest.class.getResourceAsStream(resource)) {
            return (ObjectNode) TestServices.JSON.readTree(in);
        }
    }

    private static ArrayNode conditions(ObjectNode request) {
        return (ArrayNode) request.get("prefetch").get("conditions").get("entry");
    }

    /** The same record, as another patient's: the context and every reference name the new id. */
    private static ObjectNode forPatient(ObjectNode request, String patientId) throws IOException {
        String json = TestServices.JSON.writeValueAsString(request).replace("Patient/p1", "Patient/" + patientId)
                .replace("\"p1\"", "\"" + patientId + "\"");
        return (ObjectNode) TestServices.JSON.readTree(json);
    }

    private ObjectNode overridden(Card card, String reason) {
        ObjectNode item = item(card, "overridden");
        item.putObject("overrideReason").putObject("reason")
                .put("system", "http://spinecds.org/fhir/CodeSystem/override-reason").put("code", reason);
        return item;
    }

    private ObjectNode accepted(Card card) {
        ObjectNode item = item(card, "accepted");
        item.putArray("acceptedSuggestions").addObject().put("id", card.suggestions().get(0).uuid());
        return item;
    }

    private ObjectNode item(Card card, String outcome) {
        return TestServices.JSON.createObjectNode().put("card", card.uuid()).put("outcome", outcome)
                .put("outcomeTimestamp", clock.instant().toString());
    }

    private static byte[] body(ObjectNode... items) throws IOException {
        ObjectNode body = TestServices.JSON.createObjectNode();
        ArrayNode array = body.putArray("feedback");
        List.of(items).forEach(array::add);
        return TestServices.JSON.writeValueAsBytes(body);
    }
}
