package org.spinecds.cql.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;

import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class PatientDataTest {

    @Test
    void aRecordSentUnderTwoKeysIsKeptOnce() {
        Observation asSurvey = observation("pain-1");
        Observation asVitalSign = observation("pain-1");

        PatientData data = PatientData.of("p", List.of(asSurvey, asVitalSign));

        assertThat(data.ofType("Observation")).hasSize(1);
    }

    @Test
    void theHigherVersionWinsWhicheverCameFirst() {
        Observation version3 = observation("o");
        version3.getMeta().setVersionId("3");
        version3.setStatus(Observation.ObservationStatus.AMENDED);
        Observation version12 = observation("o");
        version12.getMeta().setVersionId("12");
        version12.setStatus(Observation.ObservationStatus.CORRECTED);

        assertThat(PatientData.of("p", List.of(version12, version3)).ofType("Observation"))
                .containsExactly(version12);
        assertThat(PatientData.of("p", List.of(version3, version12)).ofType("Observation"))
                .containsExactly(version12);
    }

    @Test
    void withoutVersionsTheLaterUpdateWins() {
        Observation older = observation("o");
        older.getMeta().setLastUpdated(new Date(1_000_000L));
        Observation newer = observation("o");
        newer.getMeta().setLastUpdated(new Date(2_000_000L));

        assertThat(PatientData.of("p", List.of(newer, older)).ofType("Observation")).containsExactly(newer);
    }

    @Test
    void onATieTheCopyGivenLaterWins() {
        MedicationRequest prefetched = order("m1", "#med1");
        MedicationRequest draft = order("m1", "#med1");

        assertThat(PatientData.of("p", List.of(prefetched, draft)).ofType("MedicationRequest"))
                .containsExactly(draft);
    }

    @Test
    void recordsOfDifferentTypesWithTheSameIdAreDifferentRecords() {
        PatientData data = PatientData.of("p", List.of(observation("x"), order("x", "#med1")));

        assertThat(data.ofType("Observation")).hasSize(1);
        assertThat(data.ofType("MedicationRequest")).hasSize(1);
    }

    @Test
    void recordsWithoutIdsAreAllKept() {
        PatientData data = PatientData.of("p", List.of(new Observation(), new Observation()));

        assertThat(data.ofType("Observation")).hasSize(2);
    }

    @Test
    void containedResourcesStayInsideTheirRecord() {
        PatientData data = PatientData.of("p", List.of(order("a", "#med1"), order("b", "#med1")));

        assertThat(data.ofType("Medication")).isEmpty();
        assertThat(data.ofType("MedicationRequest")).hasSize(2);
    }

    private static Observation observation(String id) {
        Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        return observation;
    }

    private static MedicationRequest order(String id, String medicationReference) {
        MedicationRequest order = new MedicationRequest();
        order.setId(id);
        Medication medication = new Medication();
        medication.setId(medicationReference.substring(1));
        order.addContained(medication);
        order.setMedication(new Reference(medicationReference));
        return order;
    }
}
