package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.data.SystemDataProvider;
import org.opencds.cqf.cql.engine.runtime.Code;
import org.opencds.cqf.cql.engine.runtime.Concept;
import org.opencds.cqf.cql.engine.runtime.Interval;
import org.opencds.cqf.cql.engine.runtime.Quantity;
import org.opencds.cqf.cql.engine.runtime.Tuple;

/** Paths resolve, and Codes and Concepts are built, exactly as by the stock provider, the first time and after. */
class ThreadSafeSystemDataProviderTest {

    private final SystemDataProvider stock = new SystemDataProvider();
    private final ThreadSafeSystemDataProvider provider = new ThreadSafeSystemDataProvider();

    @Test
    void readsPathsAsTheStockProviderDoes() {
        Code code = new Code().withSystem("http://www.nlm.nih.gov/research/umls/rxnorm").withCode("161")
                .withDisplay("acetaminophen").withVersion("2024-01");
        Concept concept = new Concept().withCode(code).withDisplay("Acetaminophen 500 MG");
        Quantity dose = new Quantity().withValue(new BigDecimal("500")).withUnit("mg");
        Interval period = new Interval(new BigDecimal("1"), true, new BigDecimal("5"), false);
        LinkedHashMap<String, Object> elements = new LinkedHashMap<>();
        elements.put("dose", dose);
        elements.put("missing", null);
        Tuple tuple = new Tuple().withElements(elements);

        Map<Object, List<String>> pathsByTarget = Map.of(
                code, List.of("code", "system", "display", "version", "noSuchPath"),
                concept, List.of("codes", "display", "noSuchPath"),
                dose, List.of("value", "unit"),
                period, List.of("low", "high", "lowClosed", "highClosed"),
                tuple, List.of("dose", "missing", "noSuchElement"));
        pathsByTarget.forEach((target, paths) -> {
            for (String path : paths) {
                Object expected = stock.resolvePath(target, path);
                String what = target.getClass().getSimpleName() + "." + path;
                assertThat(provider.resolvePath(target, path)).as(what).isEqualTo(expected);
                assertThat(provider.resolvePath(target, path)).as("%s, from the cache", what).isEqualTo(expected);
            }
        });
        assertThat(provider.resolvePath(concept, "codes")).isSameAs(concept.getCodes());
        assertThat(provider.resolvePath(code, "noSuchPath")).isNull();
        assertThat(provider.resolvePath(null, "code")).isNull();
    }

    /** What an ELM Instance (FHIRHelpers.ToCode, ToConcept) does: create the object, then set each element. */
    @Test
    void buildsCodesAndConceptsAsTheStockProviderDoes() {
        for (int time = 1; time <= 2; time++) {
            Code expectedCode = buildCode(stock);
            Code code = buildCode(provider);
            assertThat(code).hasToString(expectedCode.toString());
            assertThat(code.equal(expectedCode)).isTrue();

            // Concept.codes is a List field with an Iterable setter: found by the fallback search.
            Concept expectedConcept = buildConcept(stock, expectedCode);
            Concept concept = buildConcept(provider, code);
            assertThat(concept).hasToString(expectedConcept.toString());
            assertThat(concept.equal(expectedConcept)).isTrue();
        }
    }

    @Test
    void settingAFieldTheTypeDoesNotHaveFailsAsInTheStockProvider() {
        assertThatThrownBy(() -> stock.setValue(new Code(), "noSuchField", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.setValue(new Code(), "noSuchField", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> provider.setValue(new Code(), "noSuchField", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Code buildCode(SystemDataProvider provider) {
        Object code = provider.createInstance("Code");
        provider.setValue(code, "system", "http://www.nlm.nih.gov/research/umls/rxnorm");
        provider.setValue(code, "code", "161");
        provider.setValue(code, "display", "acetaminophen");
        provider.setValue(code, "version", null);
        return (Code) code;
    }

    private static Concept buildConcept(SystemDataProvider provider, Code code) {
        Object concept = provider.createInstance("Concept");
        provider.setValue(concept, "codes", List.of(code));
        provider.setValue(concept, "display", "Acetaminophen 500 MG");
        return (Concept) concept;
    }
}
