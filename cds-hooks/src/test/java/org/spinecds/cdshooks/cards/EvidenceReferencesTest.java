package org.spinecds.cdshooks.cards;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

class EvidenceReferencesTest {

    @Test
    void aRecordIsNamedByTypeIdAndVersion() {
        Condition versionedInItsId = new Condition();
        versionedInItsId.setId("Condition/c1/_history/3");
        Condition versionedInItsMeta = new Condition();
        versionedInItsMeta.setId("c2");
        versionedInItsMeta.getMeta().setVersionId("7");
        Observation unversioned = new Observation();
        unversioned.setId("o1");

        assertThat(EvidenceReferences.of(versionedInItsId)).contains("Condition/c1/_history/3");
        assertThat(EvidenceReferences.of(versionedInItsMeta)).contains("Condition/c2/_history/7");
        assertThat(EvidenceReferences.of(unversioned)).contains("Observation/o1");
    }

    @Test
    void aBundleEntryKnownOnlyByItsFullUrlKeepsIt() {
        Condition condition = new Condition();
        condition.setId("urn:uuid:6f1c2d0e-6a51-4b43-9f1e-2f3a1b7c9d10");
        assertThat(EvidenceReferences.of(condition)).contains("urn:uuid:6f1c2d0e-6a51-4b43-9f1e-2f3a1b7c9d10");
    }

    @Test
    void aRecordWithoutIdOrAValueIsNotAReference() {
        assertThat(EvidenceReferences.of(new Condition())).isEmpty();
        assertThat(EvidenceReferences.of("BT-EX-01")).isEmpty();
    }
}
