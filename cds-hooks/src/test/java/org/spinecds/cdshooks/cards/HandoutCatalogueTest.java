package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.DetailPart;
import org.spinecds.cdshooks.cards.CardCatalogue.LinkDefinition;
import org.spinecds.cdshooks.cards.HandoutCatalogue.Handout;
import org.spinecds.cdshooks.testing.TestServices;
import org.spinecds.cql.engine.DefineResults;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

/**
 * The handouts say what the exercise cards say: a card's exercises (decided in CQL) are all on the handouts it links
 * to, and a region's handout lists no exercise its card never gives. Proven over every CQL case, so that a change
 * of the CQL's exercise lists that the handouts do not follow fails the build.
 */
class HandoutCatalogueTest {

    private static final CardCatalogue CARDS = CardCatalogue.loadFromClasspath(TestServices.JSON);
    private static final ExerciseCatalogue EXERCISES = ExerciseCatalogue.loadFromClasspath(TestServices.JSON);
    private static final HandoutCatalogue HANDOUTS = HandoutCatalogue.loadFromClasspath(TestServices.JSON, EXERCISES);

    @Test
    void everyExerciseACardListsIsOnTheHandoutsItLinksTo() {
        Map<CardDefinition, Set<String>> listed = exercisesListedInTheCqlCases();
        assertThat(listed).as("exercise cards with links").hasSizeGreaterThanOrEqualTo(4);
        listed.forEach((card, exercises) -> {
            Set<String> onHandouts = new LinkedHashSet<>();
            card.links().forEach(link -> onHandouts.addAll(HANDOUTS.require(link.handout()).exercises()));
            assertThat(onHandouts).as("%s's handouts", card.id()).containsAll(exercises);
            if (card.links().size() == 1) {
                assertThat(exercises).as("%s lists, over the CQL cases, what its one handout does", card.id())
                        .containsExactlyInAnyOrderElementsOf(onHandouts);
            }
        });
    }

    @Test
    void everyHandoutIsLinkedFromACard() {
        Set<String> linked = new LinkedHashSet<>();
        CARDS.cards().forEach(card -> card.links().stream().map(LinkDefinition::handout).forEach(linked::add));
        assertThat(linked).containsExactlyInAnyOrderElementsOf(HANDOUTS.handouts().keySet());
        assertThat(HANDOUTS.handouts().keySet()).containsExactly("lower-back", "mid-back", "upper-back");
    }

    @Test
    void theSharedAdviceSaysHowOftenWhenToStopAndWhenToSeekCare() {
        assertThat(String.join(" ", HANDOUTS.howOften())).contains("at least three times a week");
        assertThat(HANDOUTS.stopWhen()).anySatisfy(item -> assertThat(item).contains("spreads"))
                .anySatisfy(item -> assertThat(item).contains("gets worse"));
        assertThat(String.join(" ", HANDOUTS.emergency())).contains("urine", "numb between your legs");
        assertThat(String.join(" ", HANDOUTS.urgent())).contains("weak", "fever", "losing weight", "fall");
        assertThat(String.join(" ", HANDOUTS.soon())).contains("not getting better after a few weeks");
        assertThat(HANDOUTS.generalAdvice()).contains("does not replace");
        HANDOUTS.sources().forEach(CARDS::source);
    }

    /** The handouts are for patients: the clinicians' words of the cards stay on the cards. */
    @Test
    void handoutsAvoidClinicalWords() {
        List<String> texts = texts();
        HANDOUTS.handouts().values().stream().flatMap(handout -> handout.exercises().stream()).distinct()
                .map(EXERCISES::get).forEach(exercise -> {
                    texts.add(exercise.how());
                    if (exercise.patientCaution() != null) {
                        texts.add(exercise.patientCaution());
                    }
                });
        for (String text : texts) {
            for (String word : List.of("aggravate", "end-range", "trauma", "cleared", "radicul", "paresthesia",
                    "acute", "facet", "peripheral", "cauda", "saddle", "PT ")) {
                assertThat(text).as(text).doesNotContainIgnoringCase(word);
            }
        }
    }

    @Test
    void anExerciseWithACautionNeedsItInPlainWordsToo() {
        assertThatThrownBy(() -> new ExerciseCatalogue.Exercise("Wall slides", "Slide the arms up.",
                "Shoulder pain limits the range: do not force it.", null)).hasMessageContaining("patientCaution");
    }

    /** Decision 15: the article is named in the attribution only, never promoted. */
    @Test
    void noCommercialContentInHandoutTexts() {
        for (String text : texts()) {
            assertThat(text).doesNotContainIgnoringCase("hinge").doesNotContainIgnoringCase("enso")
                    .doesNotContain("$").doesNotContainIgnoringCase("app ");
        }
    }

    private static List<String> texts() {
        List<String> texts = new ArrayList<>(List.of(HANDOUTS.stopThen(), HANDOUTS.generalAdvice()));
        Stream.of(HANDOUTS.howOften(), HANDOUTS.stopWhen(), HANDOUTS.emergency(), HANDOUTS.urgent(), HANDOUTS.soon())
                .forEach(texts::addAll);
        for (Handout handout : HANDOUTS.handouts().values()) {
            texts.add(handout.title());
            texts.add(handout.intro());
            texts.addAll(handout.notes());
        }
        return texts;
    }

    /** For each card with links and an exercise list: every exercise that list holds in some CQL case. */
    private static Map<CardDefinition, Set<String>> exercisesListedInTheCqlCases() {
        Map<CardDefinition, Set<String>> listed = new LinkedHashMap<>();
        for (LibraryCase testCase : LibraryCases.all()) {
            List<CardDefinition> cards = CARDS.forLibrary(testCase.library()).stream()
                    .filter(card -> !card.links().isEmpty()).toList();
            if (cards.isEmpty()) {
                continue;
            }
            DefineResults results = TestServices.evaluator().evaluate(testCase.library(), testCase.data(),
                    testCase.parameters(), testCase.now());
            for (CardDefinition card : cards) {
                card.detail().stream().map(DetailPart::exercises).filter(define -> define != null)
                        .flatMap(define -> results.list(define).stream())
                        .forEach(id -> listed.computeIfAbsent(card, c -> new LinkedHashSet<>()).add((String) id));
            }
        }
        return listed;
    }
}
