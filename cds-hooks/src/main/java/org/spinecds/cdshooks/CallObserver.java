package org.spinecds.cdshooks;

import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;

/**
 * Told about every answered call: which service and request, what the data came from, which cards, how long. For
 * metrics and for the record of cards sent (which feedback joins); never for anything the answer depends on.
 */
@FunctionalInterface
public interface CallObserver {

    CallObserver NONE = (serviceId, request, data, response, elapsedNanos) -> { };

    void answered(String serviceId, CdsRequest request, ResolvedData data, CdsResponse response, long elapsedNanos);

    /** This observer, then {@code next}. */
    default CallObserver andThen(CallObserver next) {
        return (serviceId, request, data, response, elapsedNanos) -> {
            answered(serviceId, request, data, response, elapsedNanos);
            next.answered(serviceId, request, data, response, elapsedNanos);
        };
    }
}
