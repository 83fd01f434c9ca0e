package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.cards.CardCatalogue.LinkDefinition;
import org.spinecds.cdshooks.model.Link;
import org.spinecds.cdshooks.testing.TestServices;

/** The exercise cards link to their region's handout, by an absolute URL under the site's public base URL. */
class CardLinksTest {

    private static final CardCatalogue CARDS = CardCatalogue.loadFromClasspath(TestServices.JSON);
    private static final HandoutCatalogue HANDOUTS = HandoutCatalogue.loadFromClasspath(TestServices.JSON,
            ExerciseCatalogue.loadFromClasspath(TestServices.JSON));

    @Test
    void eachRegionsExerciseCardLinksToItsHandoutAndTheUnspecifiedOneToAllThree() {
        assertThat(handouts("BT-PT-L")).containsExactly("lower-back");
        assertThat(handouts("BT-PT-T")).containsExactly("mid-back");
        assertThat(handouts("BT-PT-C")).containsExactly("upper-back");
        assertThat(handouts("BT-PT-U")).containsExactly("lower-back", "mid-back", "upper-back");
    }

    @Test
    void aLinkIsAbsoluteUnderThePublicBaseUrlWithOrWithoutItsTrailingSlash() {
        CardDefinition lumbar = CARDS.card("BT-PT-L").orElseThrow();
        for (String base : List.of("https://cds.hospital.example/spine", "https://cds.hospital.example/spine/")) {
            assertThat(new CardLinks(CARDS, HANDOUTS, PublicBaseUrl.fixed(base)).of(lumbar)).containsExactly(
                    new Link("Patient handout: lower-back exercises",
                            "https://cds.hospital.example/spine/handouts/lower-back", "absolute", null));
        }
    }

    @Test
    void theBaseIsAskedForAtEachCardSinceTheServerLearnsItsPortLate() {
        String[] base = {"http://127.0.0.1:0"};
        CardLinks links = new CardLinks(CARDS, HANDOUTS, () -> base[0]);
        base[0] = "http://127.0.0.1:41234";
        assertThat(links.of(CARDS.card("BT-PT-C").orElseThrow())).extracting(Link::url)
                .containsExactly("http://127.0.0.1:41234/handouts/upper-back");
    }

    @Test
    void aCardLinkingToAHandoutThatDoesNotExistStopsTheStart() {
        CardDefinition lumbar = CARDS.card("BT-PT-L").orElseThrow();
        CardDefinition knee = new CardDefinition(lumbar.id(), lumbar.merges(), lumbar.library(), lumbar.when(),
                lumbar.rules(), lumbar.indicator(), lumbar.indicatorFrom(), lumbar.source(), lumbar.topic(),
                lumbar.snoozable(), lumbar.summary(), lumbar.values(), lumbar.choices(), lumbar.detail(),
                lumbar.evidence(), lumbar.selectionBehavior(), lumbar.suggestions(), lumbar.overrideReasons(),
                List.of(new LinkDefinition("Patient handout: knee exercises", "knee")));
        CardCatalogue catalogue = new CardCatalogue(CARDS.sources(), CARDS.overrideReasons(), List.of(knee));
        assertThatThrownBy(() -> new CardLinks(catalogue, HANDOUTS, PublicBaseUrl.LOCAL))
                .hasMessageContaining("handout 'knee'");
    }

    private static List<String> handouts(String card) {
        return CARDS.card(card).orElseThrow().links().stream().map(LinkDefinition::handout).toList();
    }
}
