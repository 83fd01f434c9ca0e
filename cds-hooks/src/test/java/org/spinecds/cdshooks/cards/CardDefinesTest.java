package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.testing.SequentialIds;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.cql.engine.DefineResults;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

class CardDefinesTest {

    private static final CardCatalogue CATALOGUE = CardCatalogue.loadFromClasspath(TestServices.JSON);
    private static final ExerciseCatalogue EXERCISES = ExerciseCatalogue.loadFromClasspath(TestServices.JSON);
    private static final CardRenderer RENDERER = new CardRenderer(CATALOGUE, EXERCISES, new CardLinks(CATALOGUE,
            HandoutCatalogue.loadFromClasspath(TestServices.JSON, EXERCISES), PublicBaseUrl.LOCAL));

    private final CardDefines cardDefines = new CardDefines(CATALOGUE);

    /** Every CQL case renders the same cards, to the letter, as from every define of its library. */
    @Test
    void theCardsAreThoseOfEveryDefineEvaluated() throws Exception {
        int cards = 0;
        for (LibraryCase testCase : LibraryCases.all()) {
            DefineResults everyDefine = TestServices.evaluator().evaluate(testCase.library(), testCase.data(),
                    testCase.parameters(), testCase.now());
            DefineResults inTwoSteps = cardDefines.evaluate(TestServices.evaluator().open(testCase.data(),
                    testCase.parameters(), testCase.now()), List.of(testCase.library())).get(testCase.library());
            List<Card> expected = render(testCase, everyDefine);
            assertThat(TestServices.JSON.writeValueAsString(render(testCase, inTwoSteps)))
                    .as("%s/%s", testCase.library(), testCase.id())
                    .isEqualTo(TestServices.JSON.writeValueAsString(expected));
            cards += expected.size();
        }
        assertThat(cards).as("cards rendered from the CQL cases").isPositive();
    }

    /** A patient who fires no card of the library: only the triggers are evaluated, nothing the cards would read. */
    @Test
    void aPatientWhoFiresNoCardHasOnlyTheTriggersEvaluated() {
        LibraryCase noTingling = LibraryCases.all().stream()
                .filter(c -> c.id().equals("back-pain-without-tingling-does-not-fire")).findFirst().orElseThrow();
        String library = noTingling.library();
        DefineResults results = cardDefines.evaluate(TestServices.evaluator().open(noTingling.data(),
                noTingling.parameters(), noTingling.now()), List.of(library)).get(library);

        Set<String> triggers = CATALOGUE.forLibrary(library).stream().map(CardDefinition::when)
                .collect(Collectors.toSet());
        assertThat(triggers).noneMatch(results::isTrue);
        assertThat(results.names()).containsExactlyInAnyOrderElementsOf(triggers);
    }

    private static List<Card> render(LibraryCase testCase, DefineResults results) {
        return RENDERER.render(CATALOGUE.forLibrary(testCase.library()), results,
                new RenderContext(testCase.data().patientId(), "Practitioner/test", new SequentialIds()));
    }
}
