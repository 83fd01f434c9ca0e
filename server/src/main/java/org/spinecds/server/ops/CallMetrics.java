package org.spinecds.server.ops;

import java.util.concurrent.TimeUnit;

import org.spinecds.cdshooks.CallObserver;
import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.request.CdsRequest;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The service's own metrics (Prometheus at {@code /actuator/prometheus}): answered calls and their latency per
 * service, where each prefetch key's data came from, cards by kind and indicator, and refused calls by status.
 * Tags are service ids, key names, card kinds and statuses only: nothing about a patient.
 */
public final class CallMetrics implements CallObserver {

    private final MeterRegistry registry;

    public CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void answered(String serviceId, CdsRequest request, ResolvedData data, CdsResponse response,
            long elapsedNanos) {
        registry.timer("spinecds.calls", "service", serviceId).record(elapsedNanos, TimeUnit.NANOSECONDS);
        registry.counter("spinecds.prefetch.keys", "service", serviceId, "source", "sent")
                .increment(data.sentKeys().size());
        registry.counter("spinecds.prefetch.keys", "service", serviceId, "source", "fetched")
                .increment(data.fetchedKeys().size());
        registry.counter("spinecds.prefetch.keys", "service", serviceId, "source", "missing")
                .increment(data.unansweredKeys().size());
        for (Card card : response.cards()) {
            registry.counter("spinecds.cards", "service", serviceId,
                    "kind", String.valueOf(card.extension().get(Card.CARD_ID_EXTENSION)),
                    "indicator", card.indicator().code()).increment();
        }
    }

    /** A call refused with this status (401, 4xx of the request, 412, 503). */
    public void refused(int status) {
        registry.counter("spinecds.calls.refused", "status", String.valueOf(status)).increment();
    }
}
