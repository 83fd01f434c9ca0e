package org.spinecds.server;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many hook calls are read and evaluated at once ({@code spinecds.requests.max-concurrent}). A call beyond that
 * waits up to {@code spinecds.requests.max-wait} for a place and is then refused with 503 and {@code Retry-After}:
 * a burst of large bodies or a slow FHIR server cannot pile up work (and memory) until every call is late.
 */
@Component
class RequestAdmission {

    private final Semaphore places;
    private final Duration maxWait;
    private final Duration retryAfter;

    RequestAdmission(@Value("${spinecds.requests.max-concurrent:8}") int maxConcurrent,
            @Value("${spinecds.requests.max-wait:250ms}") Duration maxWait,
            @Value("${spinecds.requests.retry-after:1s}") Duration retryAfter) {
        this.places = new Semaphore(maxConcurrent, true);
        this.maxWait = maxWait;
        this.retryAfter = retryAfter;
    }

    <T> T admit(Supplier<T> call) throws InterruptedException {
        if (!places.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
            throw new ServiceBusyException(retryAfter);
        }
        try {
            return call.get();
        } finally {
            places.release();
        }
    }

    /** Refused for load, not for the request itself: the client may retry after {@link #retryAfter()}. */
    static final class ServiceBusyException extends RuntimeException {

        private final Duration retryAfter;

        ServiceBusyException(Duration retryAfter) {
            super("The service is busy; retry shortly", null, false, false);
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }
}
