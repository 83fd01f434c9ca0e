package org.spinecds.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.spinecds.cdshooks.CdsJson;
import org.spinecds.cdshooks.cards.ExerciseCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue;
import org.spinecds.cdshooks.cards.HandoutCatalogue.Handout;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The handout pages as HTML, without a server: well-formed enough for a screen reader, escaped, self-contained. */
class HandoutPageTest {

    private static final ObjectMapper JSON = CdsJson.mapper();
    private static final ExerciseCatalogue EXERCISES = ExerciseCatalogue.loadFromClasspath(JSON);
    private static final HandoutCatalogue HANDOUTS = HandoutCatalogue.loadFromClasspath(JSON, EXERCISES);
    private static final HandoutPages PAGES = HandoutPages.fromClasspath(JSON);

    @Test
    void eachPageIsOneSelfContainedEnglishDocumentWithOneHeading() {
        for (String id : HANDOUTS.handouts().keySet()) {
            String page = PAGES.page(id).orElseThrow();
            assertThat(page).as(id).startsWith("<!DOCTYPE html>")
                    .contains("<html lang=\"en\">", "<meta charset=\"utf-8\">", "name=\"viewport\"", "@media print");
            assertThat(count(page, "<h1>")).as("%s: one h1", id).isEqualTo(1);
            assertThat(page).as(id).doesNotContainIgnoringCase("<script").doesNotContainIgnoringCase("<link")
                    .doesNotContainIgnoringCase("<img").doesNotContainIgnoringCase("src=")
                    .doesNotContainIgnoringCase("url(").doesNotContain("@import");
        }
    }

    @Test
    void aPageListsItsExercisesWithHowAndCautionAndTheSharedAdvice() {
        String page = PAGES.page("lower-back").orElseThrow();
        Handout lower = HANDOUTS.require("lower-back");
        for (String id : lower.exercises()) {
            ExerciseCatalogue.Exercise exercise = EXERCISES.get(id);
            assertThat(page).contains("<h3>" + HtmlDocument.escape(exercise.name()) + "</h3>",
                    HtmlDocument.escape(exercise.how()));
            if (exercise.caution() != null) {
                assertThat(page).contains(HtmlDocument.escape(exercise.patientCaution()))
                        .doesNotContain(HtmlDocument.escape(exercise.caution()));
            }
        }
        assertThat(page).contains("<ol class=\"exercises\">", "at least three times a week",
                "Stop the exercise if:", "emergency department now", "Contact your clinician today",
                "not getting better after a few weeks", "does not replace the advice of your own clinician");
        assertThat(page.indexOf("<h3>Cat-cow</h3>")).as("exercises in the handout's order")
                .isLessThan(page.indexOf("<h3>Forward bend</h3>"));
    }

    /** Decision 15: the article is named among the sources, not linked to or advertised. */
    @Test
    void theSourcesAreNamedNotLinked() {
        String page = PAGES.page("mid-back").orElseThrow();
        assertThat(page).contains("This advice is based on:", "What causes tingling in your back?", "NICE NG59")
                .doesNotContain("hingehealth.com").doesNotContain("<a ");
    }

    @Test
    void textIsEscaped() {
        HandoutPage renderer = new HandoutPage(HANDOUTS, EXERCISES, List.of("<b>Source</b> & \"more\""));
        String page = renderer.render(new Handout("Back <script>alert(1)</script>", "It's \"fine\" & <i>ok</i>",
                List.of("cat-cow"), List.of("a < b")));
        assertThat(page).doesNotContain("<script>", "<b>", "<i>")
                .contains("<h1>Back &lt;script&gt;alert(1)&lt;/script&gt;</h1>",
                        "It&#39;s &quot;fine&quot; &amp; &lt;i&gt;ok&lt;/i&gt;", "a &lt; b",
                        "&lt;b&gt;Source&lt;/b&gt; &amp; &quot;more&quot;");
    }

    @Test
    void anUnknownHandoutHasAPageThatListsTheHandouts() {
        assertThat(PAGES.page("knee")).isEmpty();
        assertThat(PAGES.notFound()).contains("<h1>Handout not found</h1>", "<html lang=\"en\">")
                .contains("href=\"lower-back\"", "href=\"mid-back\"",
                        "href=\"upper-back\"");
    }

    private static int count(String text, String part) {
        Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
        int n = 0;
        while (matcher.find()) {
            n++;
        }
        return n;
    }
}
