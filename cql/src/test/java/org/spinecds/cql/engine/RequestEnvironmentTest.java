package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.data.CompositeDataProvider;
import org.opencds.cqf.cql.engine.data.DataProvider;
import org.opencds.cqf.cql.engine.exception.CqlException;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.runtime.Code;

/** The request's environment picks the same data provider as the stock one, for every kind of value. */
class RequestEnvironmentTest {

    private final Map<String, DataProvider> providers = Map.of("http://hl7.org/fhir",
            new CompositeDataProvider(new CachingR4ModelResolver(), null), ThreadSafeSystemDataProvider.MODEL_URI,
            new ThreadSafeSystemDataProvider());
    private final ElmLibraries libraries = ElmLibraries.loadFromClasspath();
    private final Environment stock = new Environment(libraries.libraryManager(), providers, null);
    private final Environment request = new RequestEnvironment(libraries.libraryManager(), providers, null);

    @Test
    void readsFhirAndCqlValuesAsTheStockEnvironmentDoes() {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL)
                .setEffective(new DateTimeType("2026-11-20T09:00:00Z")).setValue(new Quantity(6));
        Code code = new Code().withCode("72514-3").withSystem("http://loinc.org");
        for (Object[] read : List.<Object[]>of(new Object[] {observation, "status"},
                new Object[] {observation, "effective"}, new Object[] {observation, "value"},
                new Object[] {observation, "issued"}, new Object[] {code, "code"}, new Object[] {null, "code"})) {
            assertThat(request.resolvePath(read[0], (String) read[1])).as("%s", read[1])
                    .isEqualTo(stock.resolvePath(read[0], (String) read[1]));
        }
    }

    @Test
    void refusesAJavaValueAsTheStockEnvironmentDoes() {
        assertThatThrownBy(() -> stock.resolvePath("text", "length")).isInstanceOf(CqlException.class);
        assertThatThrownBy(() -> request.resolvePath("text", "length")).isInstanceOf(CqlException.class)
                .hasMessageContaining("Invalid path");
    }

    @Test
    void answersIsAsTheStockEnvironmentDoes() {
        DateTimeType dateTime = new DateTimeType("2026-11-20");
        for (Object[] question : List.<Object[]>of(new Object[] {dateTime, Period.class},
                new Object[] {dateTime, DateTimeType.class}, new Object[] {new Period(), Period.class},
                new Object[] {new Code(), Code.class}, new Object[] {"text", Period.class},
                new Object[] {null, Period.class})) {
            assertThat(request.is(question[0], (Class<?>) question[1])).as("%s is %s", question[0], question[1])
                    .isEqualTo(stock.is(question[0], (Class<?>) question[1]));
        }
        assertThat(request.is(dateTime, Period.class)).isFalse();
    }
}
