package org.spinecds.cql.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.spinecds.cql.data.PatientData;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ca.uhn.fhir.context.FhirContext;

/**
 * One CQL test case: {@code tests/<Library>/<case-id>/patient.json} (a Bundle of one patient's resources) and
 * {@code expected.json} ({@code now}, optional {@code parameters}, the expected value of some
 * defines, and which rules the case proves: {@code fires}, {@code does-not-fire} or {@code excluded}).
 */
public record LibraryCase(String library, String id, String description, ZonedDateTime now, PatientData data,
        Map<String, Object> parameters, Map<String, JsonNode> expectedDefines, Map<String, Proof> proves) {

    public enum Proof {
        FIRES, DOES_NOT_FIRE, EXCLUDED;

        static Proof parse(String text) {
            return valueOf(text.toUpperCase().replace('-', '_'));
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FhirContext FHIR = FhirContext.forR4Cached();

    static LibraryCase read(String library, Path folder) {
        try {
            JsonNode expected = JSON.readTree(Files.readString(folder.resolve("expected.json")));
            Bundle bundle;
            try (InputStream in = Files.newInputStream(folder.resolve("patient.json"))) {
                bundle = FHIR.newJsonParser().parseResource(Bundle.class, in);
            }
            List<IBaseResource> resources = new ArrayList<>();
            bundle.getEntry().forEach(e -> resources.add(e.getResource()));
            String patientId = resources.stream()
                    .filter(Patient.class::isInstance)
                    .map(r -> r.getIdElement().getIdPart())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(folder + " has no Patient"));

            Map<String, JsonNode> defines = new LinkedHashMap<>();
            expected.get("expect").fields().forEachRemaining(f -> defines.put(f.getKey(), f.getValue()));
            Map<String, Object> parameters = new LinkedHashMap<>();
            expected.path("parameters").fields().forEachRemaining(f -> parameters.put(f.getKey(), parameter(f.getValue())));
            Map<String, Proof> proves = new LinkedHashMap<>();
            expected.path("proves").fields().forEachRemaining(f -> proves.put(f.getKey(), Proof.parse(f.getValue().asText())));

            return new LibraryCase(library, folder.getFileName().toString(), expected.path("description").asText(),
                    ZonedDateTime.parse(expected.get("now").asText()), PatientData.of(patientId, resources),
                    parameters, defines, proves);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read case " + folder, e);
        }
    }

    /** A case parameter: a boolean, a decimal, a string, or a list of strings. */
    private static Object parameter(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.decimalValue();
        }
        if (value.isArray()) {
            List<String> values = new ArrayList<>();
            value.forEach(v -> values.add(v.asText()));
            return values;
        }
        return value.asText();
    }

    @Override
    public String toString() {
        return library + "/" + id;
    }
}
