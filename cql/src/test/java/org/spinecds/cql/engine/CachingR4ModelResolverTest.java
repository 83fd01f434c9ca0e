package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

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
}
