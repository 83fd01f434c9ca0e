package org.spinecds.cdshooks;

import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.ResolvedData;

/** Told about every answered call, for metrics: which service, what the data came from, which cards, how long. */
@FunctionalInterface
public interface CallObserver {

    CallObserver NONE = (serviceId, data, response, elapsedNanos) -> { };

    void answered(String serviceId, ResolvedData data, CdsResponse response, long elapsedNanos);
}
