package org.spinecds.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.testing.TestServices;

import com.fasterxml.jackson.databind.JsonNode;

/** The command-line evaluator on the CQL test cases' patient Bundles: text, the CDS Hooks JSON, every define. */
class EvaluateCommandTest {

    private static final Path CASES = Path.of("..", "cql", "src", "test", "resources", "tests");
    private static final Path RETENTION = CASES.resolve("BackRedFlags/retention-with-radiculopathy-fires-cauda-equina/patient.json");
    private static final Path WARFARIN = CASES.resolve("OtcAnalgesicSafety/warfarin-ibuprofen-order-avoid/patient.json");
    private static final String NOW = "2026-11-25T10:00:00Z";

    @Test
    void printsTheCardsAsText() throws Exception {
        String out = run("--hook", "patient-view", "--now", NOW, RETENTION.toString());

        assertThat(out).contains("CRITICAL  URGENT: possible cauda equina", "[BT-RF-01]", "-> ");
    }

    @Test
    void printsTheCdsHooksResponseWithJson() throws Exception {
        JsonNode response = TestServices.JSON.readTree(run("--hook", "order-select", "--json", "--now", NOW,
                WARFARIN.toString()));

        assertThat(response.get("cards").get(0).get("indicator").asText()).isEqualTo("critical");
        assertThat(response.toString()).contains("BT-MED-NSAID-X", "on an anticoagulant");
    }

    @Test
    void printsEveryDefineWithDefines() throws Exception {
        JsonNode defines = TestServices.JSON.readTree(run("--hook", "order-select", "--defines", "--now", NOW,
                WARFARIN.toString()));

        assertThat(defines.get("OtcAnalgesicSafety").get("Takes Anticoagulant").asBoolean()).isTrue();
        assertThat(defines.get("OtcAnalgesicSafety").get("Judged Draft References").toString())
                .contains("MedicationRequest/ibu");
    }

    private static String run(String... args) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        EvaluateCommand.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
