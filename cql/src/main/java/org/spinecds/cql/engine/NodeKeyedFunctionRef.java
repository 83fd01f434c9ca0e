package org.spinecds.cql.engine;

import org.hl7.elm.r1.FunctionRef;

/**
 * A function call of the loaded ELM, equal only to itself. The engine remembers which function a call resolves to in
 * a map keyed by the call node; the generated {@code hashCode} walks the whole call, arguments included, on every
 * call made (a tenth of a request's CPU here). The node is the right key anyway: it resolves the same way each time,
 * whereas two calls that merely look alike may sit in different libraries. The ELM is never changed after loading.
 */
final class NodeKeyedFunctionRef extends FunctionRef {

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
