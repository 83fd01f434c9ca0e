package org.spinecds.cdshooks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.skyscreamer.jsonassert.JSONAssert;
import org.skyscreamer.jsonassert.JSONCompareMode;
import org.spinecds.cdshooks.testing.CardInvariants;
import org.spinecds.cdshooks.testing.Scenario;
import org.spinecds.cdshooks.testing.TestServices;

import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Every {@code fixtures/<service>/<case>/request.json} answers exactly {@code expected-cards.json} (strict: order,
 * texts, suggestions, evidence), and every card keeps the CDS Hooks invariants. After a deliberate change to cards,
 * rewrite the expected files with {@code -Dscenarios.update=true} and review the diff before committing.
 */
class ScenarioTest {

    private static final boolean UPDATE = Boolean.getBoolean("scenarios.update");

    @TestFactory
    Stream<DynamicTest> everyScenarioAnswersItsExpectedCards() {
        return Scenario.all().stream().map(s -> DynamicTest.dynamicTest(s + ": " + s.description(), () -> check(s)));
    }

    private static void check(Scenario scenario) throws Exception {
        CdsHooksApi api = TestServices.api(scenario.now());
        byte[] body = scenario.requestBody();
        String actual = new String(CdsJson.write(TestServices.JSON, api.call(scenario.serviceId(), body)),
                StandardCharsets.UTF_8);
        CardInvariants.assertValidResponse(TestServices.JSON.readTree(actual));
        if (UPDATE) {
            write(scenario, actual);
            return;
        }
        String expected = Files.readString(scenario.expectedCardsFile());
        JSONAssert.assertEquals(scenario.toString(), expected, actual, JSONCompareMode.STRICT);
    }


    private static void write(Scenario scenario, String actual) throws IOException {
        Object tree = TestServices.JSON.readTree(actual);
        String pretty = TestServices.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree);
        Files.writeString(scenario.expectedCardsFile(), pretty + "\n");
    }
}
