package org.spinecds.cdshooks.cards;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.Conditional;
import org.spinecds.cdshooks.cards.CardCatalogue.DetailPart;
import org.spinecds.cdshooks.cards.CardCatalogue.SourceDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SummaryText;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cdshooks.model.Source;
import org.spinecds.cdshooks.model.Suggestion;
import org.spinecds.cql.engine.DefineResults;
import org.spinecds.cql.engine.RuleSetVersion;

/**
 * Turns the CQL results into the cards of a catalogue, in catalogue order. A card appears when its {@code when}
 * define is true; its detail ends with the records that made it fire, so the clinician can see why.
 */
public final class CardRenderer {

    /**
     * CDS Hooks: a summary is "&lt;140 characters". Nothing is cut at run time: SummariesFitTest renders every
     * summary with the longest value of each placeholder and fails the build if one could be longer.
     */
    static final int MAX_SUMMARY = 139;

    private final CardCatalogue catalogue;
    private final ExerciseCatalogue exercises;
    private final SuggestionBuilder suggestions;
    private final CardLinks links;

    public CardRenderer(CardCatalogue catalogue, ExerciseCatalogue exercises, CardLinks links) {
        this.catalogue = catalogue;
        this.exercises = exercises;
        this.suggestions = new SuggestionBuilder(exercises);
        this.links = links;
    }

    public List<Card> render(List<CardDefinition> definitions, DefineResults results, RenderContext context) {
        List<Card> cards = new ArrayList<>();
        for (CardDefinition definition : definitions) {
            render(definition, results, context).ifPresent(cards::add);
        }
        return cards;
    }

    Optional<Card> render(CardDefinition definition, DefineResults results, RenderContext context) {
        if (!definition.fires(results)) {
            return Optional.empty();
        }
        List<Suggestion> cardSuggestions = definition.suggestions().stream()
                .filter(s -> shown(s, results))
                .map(s -> suggestions.build(s, results, context))
                .toList();
        SourceDefinition source = catalogue.source(definition.source());
        return Optional.of(new Card(
                context.ids().next(),
                summary(definition, results),
                detail(definition, results),
                indicator(definition, results),
                new Source(source.label(), source.url(), null, definition.topic()),
                cardSuggestions,
                cardSuggestions.isEmpty() ? null : definition.selectionBehavior(),
                catalogue.overrideReasons(definition),
                links.of(definition),
                extension(definition, results)));
    }

    private static Map<String, Object> extension(CardDefinition definition, DefineResults results) {
        Map<String, Object> extension = new LinkedHashMap<>();
        extension.put(Card.CARD_ID_EXTENSION, definition.id());
        extension.put(Card.RULESET_VERSION_EXTENSION, RuleSetVersion.current());
        List<String> evidence = evidenceRecords(definition, results).stream()
                .flatMap(record -> EvidenceReferences.of(record).stream()).distinct().toList();
        if (!evidence.isEmpty()) {
            extension.put(Card.EVIDENCE_EXTENSION, evidence);
        }
        return extension;
    }

    private static List<Object> evidenceRecords(CardDefinition definition, DefineResults results) {
        return definition.evidence().stream().flatMap(define -> results.list(define).stream()).toList();
    }

    private static Indicator indicator(CardDefinition definition, DefineResults results) {
        return definition.indicatorFrom() == null
                ? definition.indicator()
                : Indicator.fromCode((String) results.value(definition.indicatorFrom()));
    }

    private static boolean shown(Conditional element, DefineResults results) {
        return (element.when() == null || results.isTrue(element.when()))
                && (element.unless() == null || !results.isTrue(element.unless()));
    }

    /** The first summary whose condition holds; the catalogue guarantees the last one has none. */
    private static String summary(CardDefinition definition, DefineResults results) {
        SummaryText chosen = definition.summary().stream()
                .filter(text -> shown(text, results))
                .findFirst()
                .orElseThrow();
        return TemplateText.fillSummary(chosen.text(), definition, results);
    }

    private String detail(CardDefinition definition, DefineResults results) {
        List<String> paragraphs = new ArrayList<>();
        for (DetailPart part : definition.detail()) {
            if (!shown(part, results)) {
                continue;
            }
            if (part.exercises() != null) {
                paragraphs.add(exerciseList(results.list(part.exercises())));
            } else {
                paragraphs.add(TemplateText.fill(part.text(), definition, results));
            }
        }
        Set<String> evidence = new LinkedHashSet<>();
        evidenceRecords(definition, results).forEach(record -> evidence.add("- " + EvidenceText.describe(record)));
        if (!evidence.isEmpty()) {
            paragraphs.add("**Based on:**\n" + String.join("\n", evidence));
        }
        return String.join("\n\n", paragraphs);
    }

    private String exerciseList(List<Object> exerciseIds) {
        List<String> lines = new ArrayList<>();
        for (Object id : exerciseIds) {
            ExerciseCatalogue.Exercise exercise = exercises.get((String) id);
            String line = "- **" + exercise.name() + "**: " + exercise.how();
            lines.add(exercise.caution() == null ? line : line + " *Caution:* " + exercise.caution());
        }
        return String.join("\n", lines);
    }
}
