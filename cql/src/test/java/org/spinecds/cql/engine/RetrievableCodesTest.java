package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;

import ca.uhn.fhir.context.FhirContext;

/** Read from the rules themselves: what they retrieve by code, and which types they read whole. */
class RetrievableCodesTest {

    private static final String LOINC = "http://loinc.org";
    private static RetrievableCodes codes;

    @BeforeAll
    static void load() {
        ElmLibraries libraries = ElmLibraries.loadFromClasspath();
        codes = RetrievableCodes.of(libraries, InMemoryTerminologyProvider.loadFromClasspath(FhirContext.forR4Cached(),
                libraries.declaredValueSetUrls()));
    }

    @Test
    void observationsAreRetrievedOnlyByTheCodesOfTheirValueSets() {
        assertThat(codes.retrievesByCodeOnly("Observation")).isTrue();
        assertThat(codes.mayRetrieve("Observation", LOINC, "72514-3")).as("pain severity 0-10").isTrue();
        assertThat(codes.mayRetrieve("Observation", LOINC, "8867-4")).as("heart rate").isFalse();
        assertThat(codes.mayRetrieve("Observation", "http://snomed.info/sct", "72514-3")).as("another system").isFalse();
        assertThat(codes.mayRetrieve("Condition", LOINC, "72514-3")).as("a code of another type's value set").isFalse();
    }

    @Test
    void typesRetrievedWholeOrByMedicationAreNotFiltered() {
        for (String type : new String[] {"Patient", "MedicationRequest", "MedicationStatement", "MedicationDispense",
                "Medication", "Encounter"}) {
            assertThat(codes.retrievesByCodeOnly(type)).as(type).isFalse();
            assertThat(codes.mayRetrieve(type, LOINC, "8867-4")).as(type).isTrue();
        }
    }
}
