package org.spinecds.cdshooks.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.spinecds.cdshooks.cards.IdGenerator;

/** Predictable uuids for tests: 00000000-0000-4000-8000-000000000001, ...002, in the order they are asked for. */
public final class SequentialIds implements IdGenerator {

    private final AtomicInteger next = new AtomicInteger();

    @Override
    public String next() {
        return String.format("00000000-0000-4000-8000-%012d", next.incrementAndGet());
    }
}
