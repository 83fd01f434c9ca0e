package org.spinecds.server.web;

import static org.spinecds.server.web.HtmlDocument.escape;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.spinecds.cdshooks.cards.CardCatalogue;
import org.spinecds.cdshooks.cards.CardCatalogue.SourceDefinition;
import org.spinecds.cdshooks.cards.ExerciseCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every handout rendered once, at start-up, from the catalogues the cards use (so a handout can never describe an
 * exercise differently from a card), and the page for a handout that does not exist. A request only looks a page up.
 */
final class HandoutPages {

    private final Map<String, String> pages = new LinkedHashMap<>();
    private final String notFound;

    HandoutPages(HandoutCatalogue handouts, HandoutPage page) {
        handouts.handouts().forEach((id, handout) -> pages.put(id, page.render(handout)));
        notFound = notFoundPage(handouts);
    }

    static HandoutPages fromClasspath(ObjectMapper json) {
        ExerciseCatalogue exercises = ExerciseCatalogue.loadFromClasspath(json);
        HandoutCatalogue handouts = HandoutCatalogue.loadFromClasspath(json, exercises);
        CardCatalogue cards = CardCatalogue.loadFromClasspath(json);
        return new HandoutPages(handouts, new HandoutPage(handouts, exercises,
                handouts.sources().stream().map(cards::source).map(SourceDefinition::label).toList()));
    }

    /** The handout with this id (the last segment of its path), if there is one. */
    Optional<String> page(String id) {
        return Optional.ofNullable(pages.get(id));
    }

    String notFound() {
        return notFound;
    }

    // A person who followed a wrong or old link gets a page they can read and the handouts there are. The links are
    // relative to the handouts' folder, so they hold behind a proxy that serves the service under a path of its own.
    private static String notFoundPage(HandoutCatalogue handouts) {
        StringBuilder body = new StringBuilder("<main>\n<h1>Handout not found</h1>\n")
                .append("<p>There is no handout at this address. The handouts are:</p>\n<ul>\n");
        handouts.handouts().forEach((id, handout) -> body.append("<li><a href=\"").append(escape(id)).append("\">")
                .append(escape(handout.title())).append("</a></li>\n"));
        return HtmlDocument.page("Handout not found", body.append("</ul>\n</main>\n").toString());
    }
}
