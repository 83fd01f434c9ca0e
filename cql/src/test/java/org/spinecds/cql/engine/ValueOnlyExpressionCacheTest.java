package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.lang3.tuple.Pair;
import org.hl7.elm.r1.VersionedIdentifier;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;
import org.opencds.cqf.cql.engine.execution.ExpressionResult;

/** The engine keeps define values in the installed caches, without the resources read, for the whole evaluation. */
class ValueOnlyExpressionCacheTest {

    private static final Pair<String, Object> PATIENT = Pair.of("Patient", "p1");

    private static ElmLibraries libraries;

    @BeforeAll
    static void load() {
        libraries = ElmLibraries.loadFromClasspath();
    }

    @Test
    void theEngineEvaluatesIntoTheInstalledCaches() {
        CqlEngine engine = new CqlEngine(new Environment(libraries.libraryManager()),
                EnumSet.of(CqlEngine.Options.EnableExpressionCaching));
        ValueOnlyExpressionCache.install(engine, PATIENT, libraries.identifiers());
        VersionedIdentifier library = libraries.require("BackParesthesiaPatientView").getIdentifier();

        var results = engine.evaluate(List.of(library), Set.of("Scores Unavailable", "PT Status Unavailable"),
                PATIENT, Map.of("Unavailable Data", List.of("painAndFunction")), null, ZonedDateTime.now());

        assertThat(results.getResultFor(library).forExpression("Scores Unavailable").value()).isEqualTo(true);
        Map<String, ExpressionResult> cache = engine.getState().getCache().getExpressions().get(library);
        assertThat(cache).isInstanceOf(ValueOnlyExpressionCache.class)
                .containsOnlyKeys("Scores Unavailable", "PT Status Unavailable");
        assertThat(cache.get("Scores Unavailable").value()).isEqualTo(true);
        assertThat(cache.get("PT Status Unavailable").value()).isEqualTo(false);
    }

    @Test
    void aCachedValueCarriesNoEvaluatedResources() {
        CqlEngine engine = new CqlEngine(new Environment(libraries.libraryManager()));
        ValueOnlyExpressionCache.install(engine, PATIENT, libraries.identifiers());
        VersionedIdentifier library = libraries.require("BackCommon").getIdentifier();
        Observation read = new Observation();

        engine.getState().getCache().cacheExpression(library, "Scores", new ExpressionResult(List.of(read), Set.of(read)));

        ExpressionResult cached = engine.getState().getCache().getCachedExpression(library, "Scores");
        assertThat(cached.value()).isEqualTo(List.of(read));
        assertThat(cached.evaluatedResources()).isEmpty();
    }
}
