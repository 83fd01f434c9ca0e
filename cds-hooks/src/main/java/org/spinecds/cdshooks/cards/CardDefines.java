package org.spinecds.cdshooks.cards;

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
    // Per library, its cards' triggers: worked out once, not on every call.
    private final Map<String, Set<String>> triggers = new ConcurrentHashMap<>();

    public CardDefines(CardCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public Map<String, DefineResults> evaluate(CqlEvaluator.Evaluation evaluation, List<String> libraries) {
        Map<String, Set<String>> triggersRead = new LinkedHashMap<>();
        libraries.forEach(library -> triggersRead.put(library, triggers.computeIfAbsent(library, this::triggersOf)));
        Map<String, DefineResults> decided = evaluation.evaluate(triggersRead);
        Map<String, Set<String>> firingCardsRead = new LinkedHashMap<>();
        libraries.forEach(library -> {
            Set<String> defines = new LinkedHashSet<>();
            for (CardDefinition card : catalogue.forLibrary(library)) {
                if (card.fires(decided.get(library))) {
                    defines.addAll(card.definesRead());
                }
            }
            firingCardsRead.put(library, defines);
        });
        return evaluation.evaluate(firingCardsRead);
    }

    private Set<String> triggersOf(String library) {
        return catalogue.forLibrary(library).stream().map(CardDefinition::when)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
