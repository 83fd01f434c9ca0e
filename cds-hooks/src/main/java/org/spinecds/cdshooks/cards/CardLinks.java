package org.spinecds.cdshooks.cards;

import java.util.List;

import org.spinecds.cdshooks.PublicBaseUrl;
import org.spinecds.cdshooks.cards.CardCatalogue.CardDefinition;
import org.spinecds.cdshooks.model.Link;

/**
 * A card kind's links as CDS Hooks links: each handout the catalogue names becomes an absolute URL under the site's
 * public base URL, because the EHR opens it outside the service (and without a token: the handouts are public).
 */
public final class CardLinks {

    private final PublicBaseUrl base;

    /** Every handout a card of the catalogue names must exist: checked here, at start-up, not at the first card. */
    public CardLinks(CardCatalogue catalogue, HandoutCatalogue handouts, PublicBaseUrl base) {
        catalogue.cards().forEach(card -> card.links().forEach(link -> handouts.require(link.handout())));
        this.base = base;
    }

    List<Link> of(CardDefinition card) {
        return card.links().stream()
                .map(link -> new Link(link.label(), base.resolve(HandoutCatalogue.path(link.handout())), "absolute",
                        null))
                .toList();
    }
}
