package org.spinecds.cdshooks.cards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The patient handouts ({@code cards/handouts.json}): one printable page per back region, in plain language, with
 * the region's exercises named by their id in the exercise catalogue (whose texts are never copied) and the advice
 * every handout shares: how often, when to stop, when to seek care. The wording sits next to the card catalogue so
 * that the clinician who reviews the cards reviews the handouts too. The server renders them as HTML at
 * {@link #path(String)}; cards link to them.
 */
public record HandoutCatalogue(List<String> sources, List<String> howOften, List<String> stopWhen, String stopThen,
        List<String> emergency, List<String> urgent, List<String> soon, String generalAdvice,
        Map<String, Handout> handouts) {

    public static final String RESOURCE = "cards/handouts.json";

    /** Where the server answers the handouts: {@code PATH + id}. */
    public static final String PATH = "/handouts/";

    public HandoutCatalogue {
        handouts = Collections.unmodifiableMap(new LinkedHashMap<>(handouts));
    }

    /**
     * Loads the handouts and checks that every exercise they name is in the exercise catalogue, so that a typo stops
     * the start instead of leaving a handout short of an exercise.
     */
    public static HandoutCatalogue loadFromClasspath(ObjectMapper json, ExerciseCatalogue exercises) {
        try (InputStream in = HandoutCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            HandoutCatalogue catalogue = json.readValue(in, HandoutCatalogue.class);
            catalogue.handouts().values().forEach(handout -> handout.exercises().forEach(exercises::get));
            return catalogue;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public static String path(String id) {
        return PATH + id;
    }

    /** The handout with this id, if there is one (a path a person typed may name none). */
    public Optional<Handout> find(String id) {
        return Optional.ofNullable(handouts.get(id));
    }

    /** The handout a card's link names; an unknown id is a catalogue mistake and stops the start. */
    public Handout require(String id) {
        return find(id).orElseThrow(() -> new IllegalStateException(
                "The card catalogue links to a handout '" + id + "' that " + RESOURCE + " lacks"));
    }

    /** One region's handout: its heading, what the tingling there usually is, its exercises and notes. */
    public record Handout(String title, String intro, List<String> exercises, List<String> notes) {
    }
}
