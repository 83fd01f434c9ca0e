package org.spinecds.cql.engine;

import java.util.Objects;

import org.hl7.elm.r1.VersionedIdentifier;

/**
 * A loaded library's identifier that computes its (value-based) hash once. The engine keys its expression cache by
 * the current library's identifier, which it hashes on every define it evaluates; the generated {@code hashCode}
 * goes through a reflective strategy each time. The hash is the stock one and equality is by value, so it finds
 * identifiers the engine builds itself; the stock {@code equals} also demands the same class, so a plain identifier
 * does not find this one: the engine keys its caches and results only by loaded libraries' own identifiers, and the
 * library manager keeps the plain one. Identifiers of loaded libraries are never changed.
 */
final class HashOnceVersionedIdentifier extends VersionedIdentifier {

    private int hash;

    static HashOnceVersionedIdentifier of(VersionedIdentifier identifier) {
        HashOnceVersionedIdentifier copy = new HashOnceVersionedIdentifier();
        copy.setSystem(identifier.getSystem());
        copy.setId(identifier.getId());
        copy.setVersion(identifier.getVersion());
        return copy;
    }

    @Override
    public int hashCode() {
        if (hash == 0) {
            hash = super.hashCode();
        }
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VersionedIdentifier identifier
                && Objects.equals(getId(), identifier.getId())
                && Objects.equals(getSystem(), identifier.getSystem())
                && Objects.equals(getVersion(), identifier.getVersion());
    }
}
