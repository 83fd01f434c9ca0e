package org.spinecds.cql.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;

import ca.uhn.fhir.context.FhirContext;

/**
 * Retrieves by value set, by code and by patient, from one request's resources: a record matches by any of its
 * codings, a coding without a system matches nothing, and another patient's record never comes back.
 */
class InMemoryRetrieveProviderTest {

    private static final String ICD10 = "http://hl7.org/fhir/sid/icd-10-cm";
    private static final String LUMBAR = "http://spinecds.org/fhir/ValueSet/back-region-lumbar";
    private static final String BACK_DIAGNOSIS = "http://spinecds.org/fhir/ValueSet/back-diagnosis";
    private static final String RADICULAR = "http://spinecds.org/fhir/ValueSet/back-radicular";

    private static InMemoryTerminologyProvider terminology;
    private static R4FhirModelResolver modelResolver;

    @BeforeAll
    static void load() {
        terminology = InMemoryTerminologyProvider.loadFromClasspath(FhirContext.forR4Cached(),
                List.of(LUMBAR, BACK_DIAGNOSIS, RADICULAR));
        modelResolver = new R4FhirModelResolver();
    }

    // M47.26 (lumbar radiculopathy with spondylosis) is in all three value sets, M47.12 in back-diagnosis alone.
    private static final Condition LUMBAR_SECOND_CODING = condition("c-1", "p-1",
            new Coding("http://snomed.info/sct", "0000000", null), new Coding(ICD10, "M47.26", null));
    private static final Condition CERVICAL = condition("c-2", "p-1", new Coding(ICD10, "M47.12", null));
    private static final Condition OTHER_PATIENTS = condition("c-3", "p-2", new Coding(ICD10, "M47.26", null));
    private static final Condition NO_SYSTEM = condition("c-4", "p-1", new Coding(null, "M47.26", null));

    private static Condition condition(String id, String patientId, Coding... codings) {
        Condition condition = new Condition();
        condition.setId(id);
        condition.setSubject(new Reference("Patient/" + patientId));
        CodeableConcept code = new CodeableConcept();
        List.of(codings).forEach(code::addCoding);
        condition.setCode(code);
        return condition;
    }

    private final InMemoryRetrieveProvider retrieve = new InMemoryRetrieveProvider(
            PatientData.of("p-1", List.of(LUMBAR_SECOND_CODING, CERVICAL, OTHER_PATIENTS, NO_SYSTEM)), modelResolver,
            terminology);

    private List<String> ids(Iterable<Object> resources) {
        List<String> ids = new ArrayList<>();
        resources.forEach(resource -> ids.add(((Resource) resource).getIdElement().getIdPart()));
        return ids;
    }

    private List<String> conditionsIn(String valueSet) {
        return ids(retrieve.retrieve("Patient", "subject", "p-1", "Condition", null, "code", null, valueSet, null,
                null, null, null));
    }

    @Test
    void aValueSetRetrieveMatchesAnyCodingOfTheRecordsOfThisPatient() {
        assertThat(conditionsIn(LUMBAR)).containsExactly("c-1");
        assertThat(conditionsIn(BACK_DIAGNOSIS)).containsExactly("c-1", "c-2");
        assertThat(conditionsIn(RADICULAR)).containsExactly("c-1");
    }

    // Value-set retrieves are answered from an index built on the first: it is kept per patient context and code path.
    @Test
    void eachValueSetRetrieveAfterTheFirstStillAnswersForItsOwnPatientAndCodePath() {
        assertThat(conditionsIn(BACK_DIAGNOSIS)).containsExactly("c-1", "c-2");
        assertThat(ids(retrieve.retrieve("Patient", "subject", "p-2", "Condition", null, "code", null,
                BACK_DIAGNOSIS, null, null, null, null))).containsExactly("c-3");
        assertThat(ids(retrieve.retrieve("Patient", "subject", "p-1", "Condition", null, "category", null,
                BACK_DIAGNOSIS, null, null, null, null))).isEmpty();
        assertThat(conditionsIn(BACK_DIAGNOSIS)).containsExactly("c-1", "c-2");
    }

    @Test
    void aValueSetNoRecordIsInGivesNothing() {
        InMemoryRetrieveProvider cervicalOnly = new InMemoryRetrieveProvider(PatientData.of("p-1", List.of(CERVICAL)),
                modelResolver, terminology);
        assertThat(ids(cervicalOnly.retrieve("Patient", "subject", "p-1", "Condition", null, "code", null, LUMBAR,
                null, null, null, null))).isEmpty();
    }

    @Test
    void aCodeRetrieveMatchesSystemAndCode() {
        Code cervical = new Code().withSystem(ICD10).withCode("M47.12");
        assertThat(ids(retrieve.retrieve("Patient", "subject", "p-1", "Condition", null, "code", List.of(cervical),
                null, null, null, null, null))).containsExactly("c-2");
    }

    @Test
    void aTypeRetrieveWithoutCodesGivesEveryRecordOfThisPatient() {
        assertThat(ids(retrieve.retrieve("Patient", "subject", "p-1", "Condition", null, null, null, null, null,
                null, null, null))).containsExactly("c-1", "c-2", "c-4");
    }

    @Test
    void aValueSetNotBundledFailsLoudlyRatherThanMatchingNothing() {
        assertThatThrownBy(() -> conditionsIn("http://example.org/ValueSet/not-bundled"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not-bundled");
    }

    @Test
    void theTerminologyNamesEveryValueSetACodeIsIn() {
        assertThat(terminology.valueSetsContaining(ICD10, "M47.26"))
                .containsExactlyInAnyOrder(LUMBAR, BACK_DIAGNOSIS, RADICULAR);
        assertThat(terminology.valueSetsContaining(ICD10, "M47.12")).containsExactly(BACK_DIAGNOSIS);
        assertThat(terminology.valueSetsContaining(ICD10, "Z00.00")).isEmpty();
    }
}
