package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.hl7.elm.r1.ExpressionDef;
import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.cards.CardCatalogue.ActionDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.DetailPart;
import org.spinecds.cdshooks.cards.CardCatalogue.SuggestionDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.SummaryText;
import org.spinecds.cdshooks.model.Coding;
import org.spinecds.cdshooks.model.Indicator;
import org.spinecds.cdshooks.testing.TestServices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The catalogue is data, so its mistakes would only show at request time: these checks make them fail the build.
 */
class CardCatalogueTest {

    private static final CardCatalogue CATALOGUE = CardCatalogue.loadFromClasspath(TestServices.JSON);

    @Test
    void everyDefineTheCatalogueNamesExistsInItsLibrary() {
        for (CardDefinition card : CATALOGUE.cards()) {
            Set<String> defines = definesOf(card.library());
            assertThat(defines).as("defines named by %s", card.id()).containsAll(namedDefines(card));
        }
    }

    @Test
    void everyPlaceholderHasAValueOrAChoice() {
        for (CardDefinition card : CATALOGUE.cards()) {
            List<String> texts = summaryTexts(card);
            card.detail().stream().map(DetailPart::text).filter(t -> t != null).forEach(texts::add);
            for (String text : texts) {
                for (String placeholder : TemplateText.placeholders(text)) {
                    assertThat(card.values().containsKey(placeholder) || card.choices().containsKey(placeholder))
                            .as("%s: {%s}", card.id(), placeholder).isTrue();
                }
            }
        }
    }

    /** A card whose rule is an "or" of several rules words its summary by the rule that fired. */
    @Test
    void summaryAlternativesAreConditionalButTheLast() {
        for (CardDefinition card : CATALOGUE.cards()) {
            List<SummaryText> summary = card.summary();
            for (int i = 0; i < summary.size(); i++) {
                assertThat(summary.get(i).text()).as("%s summary %d", card.id(), i).isNotBlank();
                assertThat(summary.get(i).conditionDefines().isEmpty()).as("%s summary %d is conditional", card.id(), i)
                        .isEqualTo(i == summary.size() - 1);
            }
        }
    }

    @Test
    void cardsAreIdentifiedOnceAndWellFormed() {
        Set<String> ids = new HashSet<>();
        for (CardDefinition card : CATALOGUE.cards()) {
            assertThat(ids.add(card.id())).as("unique id %s", card.id()).isTrue();
            assertThat(card.id()).matches("BT-[A-Z0-9-]+");
            assertThat(CATALOGUE.sources()).as("%s source", card.id()).containsKey(card.source());
            assertThat(card.topic()).as("%s topic", card.id()).isNotNull();
            if (!card.suggestions().isEmpty()) {
                assertThat(card.selectionBehavior()).as("%s selectionBehavior", card.id()).isIn("any", "at-most-one");
            }
            assertThat(card.indicator() != null || card.indicatorFrom() != null).as("%s indicator", card.id()).isTrue();
            assertThat(CATALOGUE.overrideReasons(card)).as("%s override reasons", card.id()).isNotEmpty()
                    .allSatisfy(reason -> assertThat(reason.display()).isNotBlank());
            for (SuggestionDefinition suggestion : card.suggestions()) {
                assertThat(suggestion.actions()).as("%s actions", card.id()).isNotEmpty();
                for (ActionDefinition action : suggestion.actions()) {
                    assertThat(action.description()).isNotBlank();
                    assertThat(action.type()).isIn("create", "delete");
                    if (action.type().equals("delete")) {
                        assertThat(action.resourceIdsFrom()).as("%s delete names its targets", card.id()).isNotNull();
                    } else {
                        assertThat(action.resource().path("resourceType").asText()).isNotBlank();
                    }
                }
            }
        }
    }

    /**
     * Override snooze (issue 10): only the patient-view service's advice (PT, exercises, self-care, complementary
     * options, referral advice of indicator info) may be snoozed; red flags and medication safety never are.
     */
    @Test
    void exactlyThePatientViewAdviceIsSnoozable() {
        List<String> advice = CATALOGUE.cards().stream()
                .filter(card -> card.library().equals("BackParesthesiaPatientView"))
                .filter(card -> card.indicator() == Indicator.INFO)
                .map(CardDefinition::id).toList();
        List<String> snoozable = CATALOGUE.cards().stream().filter(CardDefinition::snoozable)
                .map(CardDefinition::id).toList();
        assertThat(snoozable).containsExactlyElementsOf(advice)
                .contains("BT-PT-L", "BT-SELF-CARE", "BT-TENS-COMP", "BT-REF-04");
    }

    @Test
    void aSnoozableRedFlagOrMedicationSafetyCardStopsTheStart() throws IOException {
        for (String id : List.of("BT-RF-04", "BT-MED-TOPICAL")) {
            ObjectNode catalogue = catalogueJson();
            cardNode(catalogue, id).put("snoozable", true);
            assertThatThrownBy(() -> read(catalogue)).as(id).hasMessageContaining(id + " cannot be snoozable");
        }
    }

    @Test
    void anOverrideReasonTheCatalogueDoesNotDefineStopsTheStart() throws IOException {
        ObjectNode catalogue = catalogueJson();
        cardNode(catalogue, "BT-PT-L").withArray("overrideReasons").add("too-busy");
        assertThatThrownBy(() -> read(catalogue)).hasMessageContaining("BT-PT-L must offer override reasons");
    }

    @Test
    void overrideReasonsAreCodingsWithTheirDisplay() {
        CardDefinition pt = CATALOGUE.card("BT-PT-L").orElseThrow();
        assertThat(CATALOGUE.overrideReasons(pt)).extracting(Coding::code)
                .containsExactly("already-under-way", "patient-declined", "not-applicable");
        assertThat(CATALOGUE.overrideReasons(pt).get(0)).isEqualTo(new Coding(
                "http://spinecds.org/fhir/CodeSystem/override-reason", "already-under-way",
                "Already under way (referral, therapy or programme)"));
    }

    private static ObjectNode catalogueJson() throws IOException {
        try (InputStream in = CardCatalogue.class.getClassLoader().getResourceAsStream(CardCatalogue.RESOURCE)) {
            return (ObjectNode) TestServices.JSON.readTree(in);
        }
    }

    private static ObjectNode cardNode(ObjectNode catalogue, String id) {
        for (JsonNode card : catalogue.get("cards")) {
            if (card.get("id").asText().equals(id)) {
                return (ObjectNode) card;
            }
        }
        throw new AssertionError("no card " + id);
    }

    private static CardCatalogue read(ObjectNode catalogue) throws IOException {
        return CardCatalogue.read(new ByteArrayInputStream(TestServices.JSON.writeValueAsBytes(catalogue)),
                TestServices.JSON);
    }

    /** Decision 15: attribution, not promotion. The article's publisher may appear in a source label only. */
    @Test
    void noCommercialContentInCardTexts() {
        for (CardDefinition card : CATALOGUE.cards()) {
            List<String> texts = summaryTexts(card);
            card.detail().stream().map(DetailPart::text).filter(t -> t != null).forEach(texts::add);
            card.suggestions().forEach(s -> texts.add(s.label()));
            card.links().forEach(link -> texts.add(link.label()));
            for (String text : texts) {
                assertThat(text).as(card.id()).doesNotContainIgnoringCase("hinge")
                        .doesNotContainIgnoringCase("enso").doesNotContain("$");
            }
        }
    }

    /** A card's link names a patient handout by id: it must be one of {@code cards/handouts.json}. */
    @Test
    void everyHandoutACardNamesExists() {
        HandoutCatalogue handouts = HandoutCatalogue.loadFromClasspath(TestServices.JSON,
                ExerciseCatalogue.loadFromClasspath(TestServices.JSON));
        for (CardDefinition card : CATALOGUE.cards()) {
            card.links().forEach(link -> assertThat(handouts.find(link.handout()))
                    .as("%s links to handout %s", card.id(), link.handout()).isPresent());
        }
    }

    /** TENS and complementary therapies are information only (Decision 16). */
    @Test
    void tensAndComplementaryTherapiesOrderNothing() {
        CATALOGUE.cards().stream().filter(c -> c.merges() != null && c.merges().contains("BT-TENS"))
                .forEach(card -> assertThat(card.suggestions()).as(card.id()).isEmpty());
    }

    static List<String> summaryTexts(CardDefinition card) {
        return new ArrayList<>(card.summary().stream().map(SummaryText::text).toList());
    }

    /** What rendering reads, and the single criteria the card's cases prove. */
    static List<String> namedDefines(CardDefinition card) {
        List<String> names = new ArrayList<>(card.definesRead());
        names.addAll(card.rules());
        return names;
    }

    private static Set<String> definesOf(String library) {
        Set<String> names = new HashSet<>();
        TestServices.evaluator().libraries().require(library).getStatements().getDef().stream()
                .map(ExpressionDef::getName).forEach(names::add);
        return names;
    }
}
