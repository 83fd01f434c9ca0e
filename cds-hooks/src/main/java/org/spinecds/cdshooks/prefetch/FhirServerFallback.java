package org.spinecds.cdshooks.prefetch;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * How the service reads what a client did not prefetch from the client's FHIR server: which servers it may call,
 * the fetcher that calls them, the executor that runs the keys in parallel (its size bounds the parallelism), and the
 * deadline by which every key must be complete; a key that is not is not used at all.
 */
public record FhirServerFallback(FhirFetcher fetcher, AllowedFhirServers allowed, Executor executor,
        Duration deadline) {

    public FhirServerFallback {
        Objects.requireNonNull(fetcher, "fetcher");
        Objects.requireNonNull(allowed, "allowed");
        Objects.requireNonNull(executor, "executor");
        if (deadline == null || deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("The FHIR-server fetch deadline must be positive");
        }
    }
}
