package org.spinecds.server.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.spinecds.cdshooks.CardSnooze;
import org.spinecds.cdshooks.CdsHooksApi;
import org.spinecds.cdshooks.CdsHooksAssembly;
import org.spinecds.cdshooks.SiteSettings;
import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.IdGenerator;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.server.ops.DatabaseGuard;
import org.spinecds.server.testing.TestDatabase;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Not a test of behaviour but the measurement the feedback issue asks for, run on demand
 * ({@code ./mvnw -o -q verify -pl cql,cds-hooks,server -Dtest=FeedbackCostMeasurement -Dspinecds.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}): the CPU that recording the cards sent and looking up the snooze add to
 * one patient-view call (this thread's CPU time; for PostgreSQL also its server processes'), and how many feedback
 * items a second one thread stores (printed at WARN, so that the test log configuration shows it). It checks that
 * the work was really done, not how fast.
 */
@EnabledIfSystemProperty(named = "spinecds.measure", matches = "true")
class FeedbackCostMeasurement {

    private static final String LUMBAR = "/fixtures/back-paresthesia/lumbar-radiculopathy-with-tingling/request.json";
    private static final int WARM_UP = 2_000;
    private static final int CALLS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackCostMeasurement.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Call(CdsRequest request, ResolvedData data, CdsResponse response) {
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void measure(TestDatabase which) throws Exception {
        try (TestDatabase.Migrated database = which.open()) {
            JdbcTemplate jdbc = new JdbcTemplate(database.source());
            TransactionTemplate transactions =
                    new TransactionTemplate(new DataSourceTransactionManager(database.source()));
            KeyedHash hash = KeyedHash.withKey("measure");
            TrialCalls trials = new TrialCalls(Set.of(), Optional::empty);
            SimpleMeterRegistry metrics = new SimpleMeterRegistry();
            DatabaseGuard guard = new DatabaseGuard(metrics, Clock.systemUTC(), Duration.ofSeconds(10));
            CardCatalogue catalogue = CardCatalogue.loadFromClasspath(TestServices.JSON);
            CardSentWriter writer = new CardSentWriter(jdbc, transactions, guard, metrics);
            CardLedger ledger = new CardLedger(jdbc, writer, hash, trials, Clock.systemUTC());
            OverrideSnooze snooze = new OverrideSnooze(jdbc, catalogue, hash, trials, guard, metrics,
                    Clock.systemUTC(), Duration.ofDays(30));
            FeedbackService feedback = new FeedbackService(JdbcClient.create(database.source()), ledger, catalogue,
                    transactions, TestServices.JSON, guard, metrics, Clock.systemUTC());
            Call call = oneCall();

            run(WARM_UP, i -> recordAndSnooze(call, "warm-" + i, ledger, snooze), writer);
            long[] cpu = run(CALLS, i -> recordAndSnooze(call, "patient-" + (i % 1_000), ledger, snooze), writer);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_sent", Long.class))
                    .isEqualTo((long) (WARM_UP + CALLS) * call.response().cards().size());

            List<String> cardUuids = jdbc.queryForList("SELECT card_uuid FROM card_sent WHERE card_kind = 'BT-PT-L'"
                    + " AND patient_hash IN (SELECT patient_hash FROM card_sent WHERE card_kind = 'BT-PT-L'"
                    + " FETCH FIRST 1 ROWS ONLY) FETCH FIRST 1 ROWS ONLY", String.class);
            assertThat(cardUuids).hasSize(1);
            long[] feedbackCpu = run(CALLS, i -> feedback.accept("back-paresthesia", overridden(cardUuids.get(0), i)),
                    writer);
            writer.close();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM card_feedback", Long.class)).isEqualTo(CALLS);

            LOG.warn(String.format("[measure] %s: %d cards a call; record + snooze lookup: %.3f ms CPU (this thread and"
                            + " the ledger's writer), %.3f ms wall, database server %.3f ms CPU per call",
                    which, call.response().cards().size(), cpu[0] / 1e6 / CALLS, cpu[1] / 1e6 / CALLS,
                    cpu[2] / 1e6 / CALLS));
            LOG.warn(String.format("[measure] %s: feedback, one item a POST body, one thread: %.0f items/s, %.3f ms CPU"
                            + " (this thread), database server %.3f ms CPU per item",
                    which, CALLS / (feedbackCpu[1] / 1e9), feedbackCpu[0] / 1e6 / CALLS, feedbackCpu[2] / 1e6 / CALLS));
        }
    }

    private static void recordAndSnooze(Call call, String patient, CardLedger ledger, CardSnooze snooze) {
        CdsRequest request = new CdsRequest(call.request().hook(), call.request().hookInstance(), patient,
                call.request().userId(), null, null, call.request().context());
        List<Card> fresh = new ArrayList<>();
        for (Card card : call.response().cards()) {
            fresh.add(new Card(UUID.randomUUID().toString(), card.summary(), card.detail(), card.indicator(),
                    card.source(), card.suggestions(), card.selectionBehavior(), card.overrideReasons(),
                    card.links(), card.extension()));
        }
        List<Card> shown = snooze.shown("back-paresthesia", request, call.data(), fresh);
        ledger.answered("back-paresthesia", request, call.data(), new CdsResponse(shown), 0);
    }

    private static byte[] overridden(String card, int i) {
        ObjectNode item = TestServices.JSON.createObjectNode().put("card", card).put("outcome", "overridden")
                .put("outcomeTimestamp", Instant.ofEpochSecond(1_800_000_000L + i).toString());
        ObjectNode body = TestServices.JSON.createObjectNode();
        body.putArray("feedback").add(item);
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The CPU of this thread and of the ledger's writer thread, wall time until everything is written, and the
     * database server's CPU (PostgreSQL's processes; 0 for H2), in ns.
     */
    private static long[] run(int times, IntConsumer work, CardSentWriter writer) throws IOException {
        long cpu = THREADS.getCurrentThreadCpuTime() + writerCpuNanos();
        long wall = System.nanoTime();
        long server = postgresCpuNanos();
        for (int i = 0; i < times; i++) {
            work.accept(i);
        }
        writer.awaitQueued();
        return new long[] {THREADS.getCurrentThreadCpuTime() + writerCpuNanos() - cpu, System.nanoTime() - wall,
                postgresCpuNanos() - server};
    }

    private static long writerCpuNanos() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("card-ledger-writer"))
                .mapToLong(t -> THREADS.getThreadCpuTime(t.getId())).sum();
    }

    private static long postgresCpuNanos() throws IOException {
        long ticks = 0;
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.contains("(postgres)")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException gone) {
                    // The process ended while being read.
                }
            }
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static Call oneCall() throws IOException {
        AtomicReference<Call> captured = new AtomicReference<>();
        CdsHooksApi api = CdsHooksAssembly.assemble(TestServices.evaluator(), TestServices.FHIR, TestServices.JSON,
                Clock.fixed(TestServices.DEFAULT_NOW, ZoneOffset.UTC), IdGenerator.random(), Optional.empty(),
                CardSnooze.NONE, (service, request, data, response, nanos) ->
                        captured.set(new Call(request, data, response)), SiteSettings.DEFAULTS);
        try (InputStream in = FeedbackCostMeasurement.class.getResourceAsStream(LUMBAR)) {
            api.call("back-paresthesia", in.readAllBytes());
        }
        return captured.get();
    }
}
