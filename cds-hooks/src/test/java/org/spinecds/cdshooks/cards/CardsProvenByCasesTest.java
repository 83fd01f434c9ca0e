package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

/**
 * Every card of the catalogue is proven by CQL cases of its library: one where its define fires, one where it does
 * not, and one where a nearby record is excluded (an ankle sprain, hand tingling, a refuted diagnosis).
 */
class CardsProvenByCasesTest {

    @Test
    void everyCardHasAFiringANonFiringAndAnExcludedCase() {
        List<LibraryCase> cases = LibraryCases.all();
        for (CardDefinition card : CardCatalogue.loadFromClasspath(TestServices.JSON).cards()) {
            Set<LibraryCase.Proof> proofs = cases.stream()
                    .filter(c -> c.library().equals(card.library()))
                    .map(c -> c.proves().get(card.when()))
                    .filter(p -> p != null)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(LibraryCase.Proof.class)));
            assertThat(proofs).as("%s (\"%s\") is proven by cases", card.id(), card.when())
                    .containsExactlyInAnyOrder(LibraryCase.Proof.values());
        }
    }
}
