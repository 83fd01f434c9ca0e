package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.hl7.elm.r1.ExpressionDef;
import org.hl7.elm.r1.FunctionDef;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.opencds.cqf.cql.engine.data.SystemDataProvider;
import org.spinecds.cql.terminology.InMemoryTerminologyProvider;
import org.spinecds.cql.testing.LibraryCase;
import org.spinecds.cql.testing.LibraryCases;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * The first requests to a fresh evaluator (no warm-up) arrive on several threads at once, for patients with
 * medications: every one answers as a single-threaded evaluation does, and none writes the stock
 * {@link SystemDataProvider}'s static accessor caches, the plain {@code HashMap}s the engine would otherwise fill on
 * those threads. Racing threads rarely corrupt a map in a test run; the untouched caches are the assertion that fails
 * deterministically when the engine falls back to its own provider.
 */
class ConcurrentFirstRequestsTest {

    private static final int THREADS = 8;
    private static final long TIMEOUT_SECONDS = 120;

    private static ElmLibraries libraries;
    private static InMemoryTerminologyProvider terminology;
    private static List<LibraryCase> cases;

    @BeforeAll
    static void load() {
        libraries = ElmLibraries.loadFromClasspath();
        terminology = InMemoryTerminologyProvider.loadFromClasspath(FhirContext.forR4Cached(),
                libraries.declaredValueSetUrls());
        List<LibraryCase> withMedications = LibraryCases.all().stream()
                .filter(c -> !c.data().ofType("MedicationRequest").isEmpty())
                .toList();
        cases = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            cases.add(withMedications.get(i * withMedications.size() / THREADS));
        }
    }

    @RepeatedTest(3)
    void firstRequestsOnSeveralThreadsAnswerAsOneThreadDoes() throws Exception {
        // Emptied first, so that an accessor another test resolved through the stock provider cannot hide a write.
        stockAccessorCaches().values().forEach(Map::clear);
        CqlEvaluator evaluator = new CqlEvaluator(libraries, terminology, new CachingR4ModelResolver(),
                new ThreadSafeSystemDataProvider());

        List<Map<String, JsonNode>> concurrent = evaluateTogether(evaluator);

        for (int i = 0; i < THREADS; i++) {
            assertThat(concurrent.get(i)).as("%s on thread %d", cases.get(i), i)
                    .isEqualTo(evaluate(evaluator, cases.get(i)));
        }
        stockAccessorCaches().forEach((name, cache) ->
                assertThat(cache).as("SystemDataProvider.%s, written by a request", name).isEmpty());
    }

    /** Thread i evaluates case i; all threads are released at once. */
    private static List<Map<String, JsonNode>> evaluateTogether(CqlEvaluator evaluator) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(THREADS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Map<String, JsonNode>>> futures = new ArrayList<>();
            for (LibraryCase testCase : cases) {
                futures.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    return evaluate(evaluator, testCase);
                }));
            }
            assertThat(ready.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("all threads started").isTrue();
            go.countDown();
            List<Map<String, JsonNode>> results = new ArrayList<>();
            for (Future<Map<String, JsonNode>> future : futures) {
                results.add(future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }

    /** Every define of the case's library (functions aside), as JSON. */
    private static Map<String, JsonNode> evaluate(CqlEvaluator evaluator, LibraryCase testCase) {
        DefineResults results = evaluator.evaluate(testCase.library(), testCase.data(), testCase.parameters(),
                testCase.now());
        Map<String, JsonNode> values = new LinkedHashMap<>();
        for (ExpressionDef define : libraries.require(testCase.library()).getStatements().getDef()) {
            if (!(define instanceof FunctionDef)) {
                values.put(define.getName(), CqlJson.toJson(results.value(define.getName())));
            }
        }
        return values;
    }

    /** The stock provider's static caches, read by reflection. */
    private static Map<String, Map<?, ?>> stockAccessorCaches() throws ReflectiveOperationException {
        Map<String, Map<?, ?>> caches = new LinkedHashMap<>();
        for (String name : List.of("readAccessorCache", "writeAccessorCache")) {
            Field field = SystemDataProvider.class.getDeclaredField(name);
            field.setAccessible(true);
            caches.put(name, (Map<?, ?>) field.get(null));
        }
        return caches;
    }
}
