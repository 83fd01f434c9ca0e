package org.spinecds.cdshooks.cards;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cql.engine.CqlEvaluator;
import org.spinecds.cql.engine.DefineResults;

/**
 * Evaluates what rendering the libraries' cards needs, in two steps of one evaluation: every card's trigger
 * ({@code when}) first, then what the cards that fire read (texts, values, indicator, evidence, suggestions). A card
 * that does not fire reads nothing more, so the cards come out as if every define had been evaluated; most patients
 * fire few cards, and the engine evaluates {@code and}, {@code or} and {@code Coalesce} operands eagerly, so the
 * defines of the cards that do not fire were about a quarter of the rules' time for a patient who fires none.
 */
public final class CardDefines {

    private final CardCatalogue catalogue;
    // Per library, its cards' triggers and what each card reads: worked out once, not on every call.
    private final Map<String, LibraryCards> byLibrary = new ConcurrentHashMap<>();

    public CardDefines(CardCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Map<String, DefineResults> evaluate(CqlEvaluator.Evaluation evaluation, List<String> libraries) {
        Map<String, LibraryCards> cards = new LinkedHashMap<>();
        libraries.forEach(library -> cards.put(library, byLibrary.computeIfAbsent(library, this::cardsOf)));
        Map<String, Set<String>> triggersRead = new LinkedHashMap<>();
        cards.forEach((library, libraryCards) -> triggersRead.put(library, libraryCards.triggers()));
        Map<String, DefineResults> decided = evaluation.evaluate(triggersRead);
        Map<String, Set<String>> firingCardsRead = new LinkedHashMap<>();
        cards.forEach((library, libraryCards) -> {
            Set<String> defines = new LinkedHashSet<>();
            for (CardReads card : libraryCards.cards()) {
                if (card.definition().fires(decided.get(library))) {
                    defines.addAll(card.defines());
                }
            }
            firingCardsRead.put(library, defines);
        });
        return evaluation.evaluate(firingCardsRead);
    }

    private LibraryCards cardsOf(String library) {
        List<CardReads> cards = catalogue.forLibrary(library).stream()
                .map(card -> new CardReads(card, List.copyOf(card.definesRead()))).toList();
        Set<String> triggers = cards.stream().map(card -> card.definition().when())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new LibraryCards(Collections.unmodifiableSet(triggers), cards);
    }

    private record LibraryCards(Set<String> triggers, List<CardReads> cards) {
    }

    private record CardReads(CardDefinition definition, List<String> defines) {
    }
}
