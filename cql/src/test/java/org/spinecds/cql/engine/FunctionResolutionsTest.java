package org.spinecds.cql.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.junit.jupiter.api.Test;
import org.opencds.cqf.cql.engine.execution.CqlEngine;
import org.opencds.cqf.cql.engine.execution.Environment;

/** What one request's engine resolved, the next request's engine starts with; nothing else. */
class FunctionResolutionsTest {

    private final ElmLibraries libraries = ElmLibraries.loadFromClasspath();
    private final FunctionResolutions resolutions = new FunctionResolutions();

    @Test
    void aNewEngineStartsWithWhatAnEarlierEngineResolved() {
        FunctionRef call = new NodeKeyedFunctionRef();
        call.setName("ToString");
        FunctionDef function = new FunctionDef().withName("ToString");
        CqlEngine first = engine();
        first.getState().getCache().getFunctionCache().put(call, function);

        resolutions.learnFrom(first);
        CqlEngine second = engine();
        resolutions.lendTo(second);

        assertThat(second.getState().getCache().getFunctionCache()).containsExactlyEntriesOf(
                Map.of(call, function));
        FunctionRef lookAlike = new NodeKeyedFunctionRef();
        lookAlike.setName("ToString");
        assertThat(second.getState().getCache().getFunctionCache()).doesNotContainKey(lookAlike);
    }

    @Test
    void anEngineThatResolvedNothingLendsNothing() {
        resolutions.learnFrom(engine());
        CqlEngine next = engine();
        resolutions.lendTo(next);
        assertThat(next.getState().getCache().getFunctionCache()).isEmpty();
    }

    private CqlEngine engine() {
        return new CqlEngine(new Environment(libraries.libraryManager()));
    }
}
