package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.fhir.model.R4FhirModelResolver;
import org.opencds.cqf.cql.engine.runtime.Date;
import org.opencds.cqf.cql.engine.runtime.DateTime;

/** A date of the request is converted once, to exactly what the stock resolver gives. */
class RequestDataProviderTest {

    private final R4FhirModelResolver stock = new CachingR4ModelResolver();
    private final RequestDataProvider provider = new RequestDataProvider(stock, (context, contextPath, contextValue,
            dataType, templateId, codePath, codes, valueSet, datePath, dateLowPath, dateHighPath, dateRange) -> List.of());

    @Test
    void convertsEachDateOnceAsTheStockResolverDoes() {
        DateTimeType dateTime = new DateTimeType("2026-11-20T08:30:00+01:00");
        DateType date = new DateType("2026-11-20");

        Object converted = provider.resolvePath(dateTime, "value");
        assertThat(converted).isInstanceOf(DateTime.class)
                .hasToString(stock.resolvePath(dateTime, "value").toString());
        assertThat(provider.resolvePath(dateTime, "value")).isSameAs(converted);
        assertThat(provider.resolvePath(date, "value")).isInstanceOf(Date.class)
                .hasToString(stock.resolvePath(date, "value").toString());
    }

    @Test
    void aDateReachedThroughItsResourceIsConvertedOnceToo() {
        Patient patient = new Patient().setBirthDateElement(new DateType("1970-05-01"));
        Object birthDate = provider.resolvePath(patient, "birthDate.value");
        assertThat(birthDate).isInstanceOf(Date.class).hasToString(stock.resolvePath(patient, "birthDate.value").toString());
        assertThat(provider.resolvePath(patient.getBirthDateElement(), "value")).isSameAs(birthDate);
        assertThat(provider.resolvePath(new Patient(), "birthDate.value")).isNull();
        assertThat(provider.resolvePath(patient, "gender.value")).isNull();
    }

    @Test
    void aDateWithoutValueIsNullAndOtherPathsPassThrough() {
        assertThat(provider.resolvePath(new DateTimeType(), "value")).isNull();
        assertThat(provider.resolvePath(new StringType("text"), "value")).isEqualTo("text");
        DateTimeType another = new DateTimeType("2026-11-21");
        assertThat(provider.resolvePath(another, "value")).isNotSameAs(provider.resolvePath(
                new DateTimeType("2026-11-21"), "value"));
    }
}
