package org.spinecds.server.web;

import static org.spinecds.server.web.HtmlDocument.escape;

import java.util.List;

import org.spinecds.cdshooks.cards.ExerciseCatalogue;
import org.spinecds.cdshooks.cards.ExerciseCatalogue.Exercise;
import org.spinecds.cdshooks.cards.HandoutCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue.Handout;

/**
 * One region's handout as a printable page: what the tingling there usually is, its exercises as the exercise
 * catalogue describes them (how, and when to take care in plain words), how often, when to stop, when to get help,
 * that it is general advice, and what it rests on (the sources' names only: attribution, not promotion, Decision 15).
 * All its words come from the catalogues but the headings; it holds nothing about a patient.
 */
final class HandoutPage {

    private final HandoutCatalogue handouts;
    private final ExerciseCatalogue exercises;
    private final List<String> sources;

    /** {@code sources}: the labels of the card catalogue's sources the handouts name. */
    HandoutPage(HandoutCatalogue handouts, ExerciseCatalogue exercises, List<String> sources) {
        this.handouts = handouts;
        this.exercises = exercises;
        this.sources = List.copyOf(sources);
    }

    String render(Handout handout) {
        StringBuilder body = new StringBuilder();
        body.append("<header>\n<p class=\"kicker\">Patient handout</p>\n<h1>").append(escape(handout.title()))
                .append("</h1>\n<p>").append(escape(handout.intro())).append("</p>\n</header>\n<main>\n");
        body.append("<h2>Your exercises</h2>\n<ol class=\"exercises\">\n");
        handout.exercises().forEach(id -> body.append(exercise(exercises.get(id))));
        body.append("</ol>\n");
        if (!handout.notes().isEmpty()) {
            body.append("<h2>Good to know</h2>\n").append(list(handout.notes()));
        }
        body.append("<h2>How often</h2>\n");
        handouts.howOften().forEach(text -> body.append(paragraph(text)));
        body.append("<h2>When to stop</h2>\n<p>Stop the exercise if:</p>\n").append(list(handouts.stopWhen()))
                .append(paragraph(handouts.stopThen()));
        body.append("<h2>When to get help</h2>\n<section class=\"emergency\">\n")
                .append("<h3>Call an emergency number or go to an emergency department now if:</h3>\n")
                .append(list(handouts.emergency())).append("</section>\n")
                .append("<h3>Contact your clinician today if:</h3>\n").append(list(handouts.urgent()))
                .append("<h3>Make an appointment with your clinician if:</h3>\n").append(list(handouts.soon()))
                .append("</main>\n<footer>\n").append(paragraph(handouts.generalAdvice()))
                .append("<p>This advice is based on:</p>\n").append(list(sources)).append("</footer>\n");
        return HtmlDocument.page(handout.title(), body.toString());
    }

    private static String exercise(Exercise exercise) {
        String item = "<li>\n<h3>" + escape(exercise.name()) + "</h3>\n" + paragraph(exercise.how());
        if (exercise.patientCaution() != null) {
            item += "<p class=\"caution\"><strong>Take care:</strong> " + escape(exercise.patientCaution())
                    + "</p>\n";
        }
        return item + "</li>\n";
    }

    private static String paragraph(String text) {
        return "<p>" + escape(text) + "</p>\n";
    }

    private static String list(List<String> items) {
        StringBuilder list = new StringBuilder("<ul>\n");
        items.forEach(item -> list.append("<li>").append(escape(item)).append("</li>\n"));
        return list.append("</ul>\n").toString();
    }
}
