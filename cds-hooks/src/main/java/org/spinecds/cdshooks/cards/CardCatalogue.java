package org.spinecds.cdshooks.cards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.spinecds.cdshooks.model.Coding;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cql.engine.DefineResults;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The card catalogue ({@code cards/catalogue.json}): one entry per card kind, naming the CQL define that fires it,
 * its texts and suggestions. Clinical decisions stay in CQL; this file only says how a decision reads as a card,
 * and it is the single source later turned into FHIR PlanDefinitions.
 */
public record CardCatalogue(Map<String, SourceDefinition> sources, OverrideReasonCodes overrideReasons,
        List<CardDefinition> cards) {

    public static final String RESOURCE = "cards/catalogue.json";

    /** Topics whose cards are shown whenever their trigger holds (clinical spec: never snoozed by an override). */
    private static final Set<String> NEVER_SNOOZED_TOPICS = Set.of("red-flag", "medication-safety");

    public static CardCatalogue loadFromClasspath(ObjectMapper json) {
        try (InputStream in = CardCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return read(in, json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    /** A catalogue, checked: what would only fail at request time (an unknown source or reason) stops the start. */
    static CardCatalogue read(InputStream in, ObjectMapper json) throws IOException {
        CardCatalogue catalogue = json.readValue(in, CardCatalogue.class);
        catalogue.cards().forEach(catalogue::check);
        return catalogue;
    }

    /**
     * The catalogue without the card kinds a site switched off (Decision 14); an id the catalogue does not have
     * stops the start, so that a typo cannot leave a card on.
     */
    public CardCatalogue withoutCards(Set<String> ids) {
        Set<String> known = cards.stream().map(CardDefinition::id).collect(java.util.stream.Collectors.toSet());
        List<String> unknown = ids.stream().filter(id -> !known.contains(id)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("spinecds.rules.disabled-cards: no card kind " + unknown
                    + "; the card kinds are " + known.stream().sorted().toList());
        }
        return new CardCatalogue(sources, overrideReasons, cards.stream().filter(card -> !ids.contains(card.id())).toList());
    }

    public List<CardDefinition> forLibrary(String library) {
        return cards.stream().filter(card -> card.library().equals(library)).toList();
    }

    /** The card kind with this id, if the catalogue (as this site runs it) has one. */
    public Optional<CardDefinition> card(String id) {
        return cards.stream().filter(card -> card.id().equals(id)).findFirst();
    }

    /** The override reasons a card offers, as Codings of the catalogue's override-reason code system. */
    public List<Coding> overrideReasons(CardDefinition card) {
        return card.overrideReasons().stream()
                .map(code -> new Coding(overrideReasons.system(), code, overrideReasons.codes().get(code)))
                .toList();
    }

    private void check(CardDefinition card) {
        source(card.source());
        if (card.overrideReasons().isEmpty() || !overrideReasons.codes().keySet().containsAll(card.overrideReasons())) {
            throw new IllegalStateException("Card " + card.id() + " must offer override reasons, each one of "
                    + overrideReasons.codes().keySet());
        }
        if (card.snoozable() && (card.indicator() != Indicator.INFO
                || NEVER_SNOOZED_TOPICS.contains(card.topic().code()))) {
            throw new IllegalStateException("Card " + card.id() + " cannot be snoozable: only info cards outside "
                    + NEVER_SNOOZED_TOPICS + " are");
        }
    }

    public SourceDefinition source(String key) {
        SourceDefinition source = sources.get(key);
        if (source == null) {
            throw new IllegalStateException("Card catalogue names an unknown source '" + key + "'");
        }
        return source;
    }

    public record SourceDefinition(String label, String url) {
    }

    /** The override reasons cards may offer: one code system, each code with its one display. */
    public record OverrideReasonCodes(String system, Map<String, String> codes) {
    }

    /**
     * One card kind. {@code when} fires it; {@code rules} name the defines of the single criteria that can make
     * {@code when} true (each proven by its own test cases; the conditions of a future PlanDefinition).
     * The {@code summary} is one text, or alternatives by the rule that fired: the first whose {@code when} /
     * {@code unless} holds is used, and the last has no condition, so a card always has one.
     * {@code detail} parts render in order, each kept only when its own {@code when} define is true and its
     * {@code unless} define is not; {@code values} fill {@code {placeholders}} with define values and
     * {@code choices} with one of two phrases, by a define. The indicator is fixed, or read from the define
     * {@code indicatorFrom} when the rule itself grades the card (e.g. critical with fever). A {@code snoozable}
     * card (patient-view advice) is not shown again to a patient for a while after a clinician overrides it.
     */
    public record CardDefinition(String id, List<String> merges, String library, String when, List<String> rules,
            Indicator indicator, String indicatorFrom, String source, Coding topic, boolean snoozable,
            @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<SummaryText> summary,
            Map<String, String> values, Map<String, Choice> choices, List<DetailPart> detail, List<String> evidence,
            String selectionBehavior, List<SuggestionDefinition> suggestions, List<String> overrideReasons,
            List<LinkDefinition> links) {

        public CardDefinition {
            if (summary == null || summary.isEmpty() || !summary.get(summary.size() - 1).conditionDefines().isEmpty()) {
                throw new IllegalArgumentException("Card " + id + " needs a summary, and its last summary no when or unless");
            }
        }

        public List<String> rules() {
            return rules == null ? List.of() : rules;
        }

        public List<DetailPart> detail() {
            return detail == null ? List.of() : detail;
        }

        public List<String> evidence() {
            return evidence == null ? List.of() : evidence;
        }

        public Map<String, String> values() {
            return values == null ? Map.of() : values;
        }

        public Map<String, Choice> choices() {
            return choices == null ? Map.of() : choices;
        }

        public List<SuggestionDefinition> suggestions() {
            return suggestions == null ? List.of() : suggestions;
        }

        public List<LinkDefinition> links() {
            return links == null ? List.of() : links;
        }

        public List<String> overrideReasons() {
            return overrideReasons == null ? List.of() : overrideReasons;
        }

        /** Whether the card is shown: its trigger is true (null, unknown, does not fire). */
        public boolean fires(DefineResults results) {
            return results.isTrue(when);
        }

        /** Every define rendering this card reads: its trigger, texts, indicator, evidence and suggestions. */
        public List<String> definesRead() {
            List<String> names = new ArrayList<>(List.of(when));
            summary.forEach(text -> names.addAll(text.conditionDefines()));
            if (indicatorFrom != null) {
                names.add(indicatorFrom);
            }
            names.addAll(values().values());
            choices().values().forEach(choice -> names.add(choice.define()));
            names.addAll(evidence());
            for (DetailPart part : detail()) {
                names.addAll(part.conditionDefines());
                if (part.exercises() != null) {
                    names.add(part.exercises());
                }
            }
            for (SuggestionDefinition suggestion : suggestions()) {
                names.addAll(suggestion.conditionDefines());
                for (ActionDefinition action : suggestion.actions()) {
                    Stream.of(action.reasonFrom(), action.exercisesFrom(), action.resourceIdsFrom())
                            .filter(Objects::nonNull).forEach(names::add);
                }
            }
            return names;
        }
    }

    /** A summary template, used when its {@code when} define is true and its {@code unless} define is not. */
    public record SummaryText(String when, String unless, String text) implements Conditional {

        @JsonCreator
        public SummaryText {
        }

        /** A plain string in the catalogue: the card's only summary. */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        static SummaryText of(String text) {
            return new SummaryText(null, null, text);
        }
    }

    /**
     * A link the card always carries: to the patient handout {@code handout} (an id of {@code cards/handouts.json}),
     * made absolute from the site's public base URL when the card is rendered.
     */
    public record LinkDefinition(String label, String handout) {
    }

    /** A phrase that depends on a define: {@code ifTrue} when it is true, else {@code ifFalse}. */
    public record Choice(String define, String ifTrue, String ifFalse) {
    }

    /** A paragraph of markdown, or the exercise list named by a define. */
    public record DetailPart(String when, String unless, String text, String exercises) implements Conditional {
    }

    /** A suggestion and its actions, which the EHR applies together (deletes, then creates). */
    public record SuggestionDefinition(String label, String when, String unless, Boolean isRecommended,
            List<ActionDefinition> actions) implements Conditional {
    }

    /**
     * A create action: the FHIR resource template, completed with the patient, the requester, the reasons
     * (the Conditions of {@code reasonFrom}) or the exercise instructions ({@code exercisesFrom}).
     * A delete action: one per relative reference the define {@code resourceIdsFrom} lists (e.g. the judged draft).
     */
    public record ActionDefinition(String type, String description, ObjectNode resource, String reasonFrom,
            String exercisesFrom, String resourceIdsFrom) {
    }

    /** A catalogue element shown only when its {@code when} define is true and its {@code unless} define is not. */
    public interface Conditional {
        String when();

        String unless();

        /** Every define the element names, for the catalogue's consistency checks. */
        default List<String> conditionDefines() {
            return Stream.of(when(), unless()).filter(Objects::nonNull).toList();
        }
    }
}
