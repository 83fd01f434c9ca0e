package org.spinecds.cdshooks.cards;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How each exercise the CQL can name is done and when to skip it ({@code cards/exercises.json}, spec 6.4), for the
 * cards and the patient handouts alike. Which exercises a patient gets is decided in CQL; this only describes them.
 */
public final class ExerciseCatalogue {

    public static final String RESOURCE = "cards/exercises.json";

    private final Map<String, Exercise> exercises;

    private ExerciseCatalogue(Map<String, Exercise> exercises) {
        this.exercises = Map.copyOf(exercises);
    }

    public static ExerciseCatalogue loadFromClasspath(ObjectMapper json) {
        try (InputStream in = ExerciseCatalogue.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return new ExerciseCatalogue(json.readValue(in, new TypeReference<Map<String, Exercise>>() { }));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    public Exercise get(String id) {
        Exercise exercise = exercises.get(id);
        if (exercise == null) {
            throw new IllegalArgumentException("An exercise '" + id + "' is named (by the CQL or a handout) that "
                    + RESOURCE + " lacks");
        }
        return exercise;
    }

    /**
     * An exercise: its {@code caution} is the clinician's words (on cards), {@code patientCaution} the same caution in
     * plain words (on the patient handouts); an exercise has both or neither, so no handout misses a caution.
     */
    public record Exercise(String name, String how, String caution, String patientCaution) {

        public Exercise {
            if ((caution == null) != (patientCaution == null)) {
                throw new IllegalArgumentException(
                        "Exercise " + name + " needs both a caution and a patientCaution, or neither");
            }
        }
    }
}
