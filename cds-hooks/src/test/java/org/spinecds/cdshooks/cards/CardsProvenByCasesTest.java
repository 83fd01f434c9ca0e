package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
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
 * Every card of the catalogue, and every rule that can fire it, is proven by CQL cases of its library: one where
 * its define fires, one where it does not, and one where a nearby record is excluded (an ankle sprain, hand
 * tingling, a refuted diagnosis, a GI bleed older than the look-back, a topical NSAID for an oral-NSAID rule).
 */
class CardsProvenByCasesTest {

    @Test
    void everyCardAndRuleHasAFiringANonFiringAndAnExcludedCase() {
        List<LibraryCase> cases = LibraryCases.all();
        for (CardDefinition card : CardCatalogue.loadFromClasspath(TestServices.JSON).cards()) {
            List<String> defines = new ArrayList<>(List.of(card.when()));
            defines.addAll(card.rules());
            for (String define : defines) {
                Set<LibraryCase.Proof> proofs = cases.stream()
                        .filter(c -> c.library().equals(card.library()))
                        .map(c -> c.proves().get(define))
                        .filter(p -> p != null)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(LibraryCase.Proof.class)));
                assertThat(proofs).as("%s (\"%s\") is proven by cases", card.id(), define)
                        .containsExactlyInAnyOrder(LibraryCase.Proof.values());
            }
        }
    }
}
