package org.spinecds.cdshooks.cards;

import java.util.UUID;

/** Card and suggestion uuids; random in service, a predictable sequence in tests. */
@FunctionalInterface
public interface IdGenerator {

    String next();

    static IdGenerator random() {
        return () -> UUID.randomUUID().toString();
    }
}
