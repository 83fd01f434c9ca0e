package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Runs every case under {@code tests/<Library>/<case-id>/} and compares the defines it states. */
class LibraryCasesTest {

    private static CqlEvaluator evaluator;

    @BeforeAll
    static void loadLibraries() {
        evaluator = CqlEvaluator.create();
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGivesItsExpectedDefines() {
        return LibraryCases.all().stream().map(c -> DynamicTest.dynamicTest(c.toString(), () -> check(c)));
    }

    private static void check(LibraryCase testCase) {
        DefineResults results = evaluator.evaluate(testCase.library(), testCase.data(), testCase.parameters(), testCase.now());
        for (Map.Entry<String, JsonNode> expected : testCase.expectedDefines().entrySet()) {
            JsonNode actual = CqlJson.toJson(results.value(expected.getKey()));
            assertThat(normalise(actual))
                    .as("%s: define \"%s\" (%s)", testCase, expected.getKey(), testCase.description())
                    .isEqualTo(normalise(expected.getValue()));
        }
    }

    @Test
    void everyProofIsBackedByAnExpectedValue() {
        for (LibraryCase testCase : LibraryCases.all()) {
            testCase.proves().forEach((define, proof) -> {
                JsonNode expected = testCase.expectedDefines().get(define);
                assertThat(expected).as("%s proves \"%s\" but does not state its value", testCase, define).isNotNull();
                boolean fires = expected.isBoolean() && expected.booleanValue();
                assertThat(fires).as("%s: \"%s\" is %s", testCase, define, proof)
                        .isEqualTo(proof == LibraryCase.Proof.FIRES);
            });
        }
    }

    // 8 and 8.0 are the same score.
    private static JsonNode normalise(JsonNode node) {
        if (node.isNumber()) {
            return JsonNodeFactory.instance.numberNode(new BigDecimal(node.asText()).stripTrailingZeros());
        }
        return node;
    }
}
