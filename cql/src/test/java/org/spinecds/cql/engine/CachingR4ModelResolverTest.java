package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;

/** The cache answers exactly as the stock resolver does, the first time and every time after. */
class CachingR4ModelResolverTest {

    private final R4FhirModelResolver stock = new R4FhirModelResolver();
    private final CachingR4ModelResolver caching = new CachingR4ModelResolver();

    @Test
    void resolvesTypesAsTheStockResolverDoes() {
        for (String type : List.of("Condition", "FHIR.Observation", "DomainResource", "FHIR.DomainResource",
                "CodeableConcept", "Quantity", "dateTime", "Period", "ObservationStatus")) {
            Class<?> expected = stock.resolveType(type);
            assertThat(caching.resolveType(type)).as(type).isEqualTo(expected);
            assertThat(caching.resolveType(type)).as("%s, from the cache", type).isEqualTo(expected);
        }
    }

    @Test
    void answersContextPathsIncludingNoneAsTheStockResolverDoes() {
        for (String target : List.of("Condition", "Observation", "MedicationRequest", "AllergyIntolerance", "Patient")) {
            Object expected = stock.getContextPath("Patient", target);
            assertThat(caching.getContextPath("Patient", target)).as(target).isEqualTo(expected);
            assertThat(caching.getContextPath("Patient", target)).as("%s, from the cache", target).isEqualTo(expected);
        }
        assertThat(stock.getContextPath("Unfiltered", "Condition")).isNull();
        assertThat(caching.getContextPath("Unfiltered", "Condition")).isNull();
    }

    @Test
    void anUnknownTypeFailsEveryTime() {
        assertThatThrownBy(() -> caching.resolveType("NoSuchType")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> caching.resolveType("NoSuchType")).isInstanceOf(RuntimeException.class);
    }

    @Test
    void readsPropertiesIncludingChoicesAsTheStockResolverDoes() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept(new Coding("http://loinc.org", "72514-3", "Pain severity")));
        observation.setSubject(new Reference("Patient/p1"));
        observation.setValue(new Quantity().setValue(new BigDecimal("7")).setCode("{score}"));
        observation.setEffective(new DateTimeType("2026-11-20T09:30:00Z"));
        Condition condition = new Condition();
        condition.setOnset(new Period().setStartElement(new DateTimeType("2026-10-01")));

        for (Object target : List.of(observation, condition, observation.getCode(), observation.getValue())) {
            for (String path : List.of("value", "effective", "onset", "code", "status", "subject", "coding", "unit",
                    "valueQuantity", "effectiveDateTime", "abatement", "nothing")) {
                assertSameAnswer(target, path);
                assertSameAnswer(target, path); // again: now from what the caching resolver remembered
            }
        }
    }

    private void assertSameAnswer(Object target, String path) {
        String what = target.getClass().getSimpleName() + "." + path;
        Object expected = read(stock, target, path);
        Object actual = read(caching, target, path);
        if (expected instanceof IBase) {
            assertThat(actual).as(what).isSameAs(expected);
        } else {
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    // An error is an answer too: both resolvers must give it.
    private static Object read(R4FhirModelResolver resolver, Object target, String path) {
        try {
            return resolver.resolvePath(target, path);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}
