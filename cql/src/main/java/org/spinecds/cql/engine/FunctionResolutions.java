package org.spinecds.cql.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hl7.elm.r1.FunctionDef;
import org.hl7.elm.r1.FunctionRef;
import org.opencds.cqf.cql.engine.execution.CqlEngine;

/**
 * Which function each call of the loaded ELM resolves to, shared by all requests. The engine remembers this only for
 * the life of one engine (one request), so every request resolved each call again by comparing signatures (7 % of
 * its CPU). A call with a signature always resolves to the same function: the call is a node of one library, keyed
 * by identity ({@link NodeKeyedFunctionRef}). Only what the engine itself chose to remember is shared.
 */
final class FunctionResolutions {

    private final Map<FunctionRef, FunctionDef> resolved = new ConcurrentHashMap<>();

    /** Gives a new engine every resolution found so far. */
    void lendTo(CqlEngine engine) {
        engine.getState().getCache().getFunctionCache().putAll(resolved);
    }

    /** Keeps what the engine resolved that was not known before. */
    void learnFrom(CqlEngine engine) {
        Map<FunctionRef, FunctionDef> cache = engine.getState().getCache().getFunctionCache();
        if (cache.size() > resolved.size()) {
            resolved.putAll(cache);
        }
    }
}
