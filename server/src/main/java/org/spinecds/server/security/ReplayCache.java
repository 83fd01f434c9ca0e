package org.spinecds.server.security;

import java.time.Instant;

/**
 * Remembers the tokens already used, by issuer and {@code jti}, until they expire: a captured token cannot be sent
 * again. In memory for one node today; a store shared by replicas can implement the same interface.
 */
public interface ReplayCache {

    /** True the first time this issuer's {@code jti} is seen before {@code expires}; false for a replay. */
    boolean firstUse(String issuer, String jti, Instant expires);
}
