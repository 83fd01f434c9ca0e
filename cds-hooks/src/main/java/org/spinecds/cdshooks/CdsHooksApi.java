package org.spinecds.cdshooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

import org.spinecds.cdshooks.model.Card;
import org.spinecds.cdshooks.model.CdsResponse;
import org.spinecds.cdshooks.model.Discovery;
import org.spinecds.cdshooks.prefetch.PrefetchResolver;
import org.spinecds.cdshooks.prefetch.ResolvedData;
import org.spinecds.cdshooks.prefetch.SentRequest;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.service.CdsService;
import org.spinecds.cdshooks.service.CdsServiceRegistry;

/**
 * The CDS Hooks protocol without HTTP: discovery, and a hook call from raw body to response
 * (find service, validate for its hook, resolve prefetch, answer). Failures are {@link CdsHooksException}s
 * carrying their HTTP status; the transport only serialises them. Logs carry ids and counts, never patient data.
 */
public final class CdsHooksApi {

    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksApi.class);

    private final CdsServiceRegistry registry;
    private final CdsRequestParser parser;
    private final PrefetchResolver prefetch;
    private final CardSnooze snooze;
    private final CallObserver observer;

    public CdsHooksApi(CdsServiceRegistry registry, CdsRequestParser parser, PrefetchResolver prefetch,
            CardSnooze snooze, CallObserver observer) {
        this.registry = registry;
        this.parser = parser;
        this.prefetch = prefetch;
        this.snooze = snooze;
        this.observer = observer;
    }

    private static List<Object> cardKinds(CdsResponse response) {
        return response.cards().stream().map(card -> card.extension().get(Card.CARD_ID_EXTENSION)).toList();
    }

    public Discovery discovery() {
        return registry.discovery();
    }

    public CdsResponse call(String serviceId, byte[] body) {
        CdsService service = registry.find(serviceId).orElseThrow(() ->
                new CdsHooksException(404, "not-found", "No CDS service with id '" + serviceId + "'"));
        long started = System.nanoTime();
        SentRequest sent = prefetch.read(parser, body, service.hook(), service.prefetch());
        ResolvedData data = prefetch.resolve(sent, service.prefetch());
        CdsRequest request = sent.request();
        CdsResponse response = new CdsResponse(
                snooze.shown(serviceId, request, data, service.answer(request, data).cards()));
        long elapsed = System.nanoTime() - started;
        // The audit line of an answered call (refusals are logged where they are turned into responses).
        LOG.info("service={} hookInstance={} status=200 resources={} fetched={} unansweredPrefetch={} cardKinds={}"
                        + " elapsedMs={}", serviceId, LogText.safe(request.hookInstance()), data.resources().size(),
                data.fetchedKeys(), data.unansweredKeys(), cardKinds(response), elapsed / 1_000_000);
        observer.answered(serviceId, request, data, response, elapsed);
        return response;
    }
}
