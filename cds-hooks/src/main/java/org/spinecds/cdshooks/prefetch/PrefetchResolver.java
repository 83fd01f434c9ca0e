package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.request.CdsRequest;
import org.spinecds.cdshooks.request.CdsRequestParser;
import org.spinecds.cdshooks.request.Hook;
import org.spinecds.cql.engine.RetrievableCodes;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * Gathers a service's data for one request, key by key: what the client prefetched is used as sent (complete,
 * partial or {@code null} = "queried, nothing found"); keys that are missing, or answered with an OperationOutcome,
 * are fetched from {@code fhirServer} when the client gave one that the administrator allows, all in parallel and
 * all within one deadline. A key not complete by then is not used at all. A required key that cannot be obtained
 * either way fails the request with 412 Precondition Failed; an optional one is reported as not answered.
 */
public final class PrefetchResolver {

    private static final Logger LOG = LoggerFactory.getLogger(PrefetchResolver.class);

    private final PrefetchValueReader reader;
    private final Optional<FhirServerFallback> fallback;
    private final ReadableResources readable;

    /** A resolver that parses every resource it is sent. */
    public PrefetchResolver(FhirContext fhirContext, Optional<FhirServerFallback> fallback) {
        this(fhirContext, fallback, Optional.empty());
    }

    /** A resolver that parses only the resources the rules can retrieve ({@link ReadableResources}). */
    public PrefetchResolver(FhirContext fhirContext, Optional<FhirServerFallback> fallback,
            Optional<RetrievableCodes> retrievable) {
        this.reader = new PrefetchValueReader(fhirContext);
        this.fallback = fallback;
        this.readable = retrievable.map(ReadableResources::retrievableBy).orElse(ReadableResources.EVERY);
    }

    /**
     * Reads a request body for the hook, the prefetch keys of these templates into FHIR resources as the body streams
     * past.
     */
    public SentRequest read(CdsRequestParser parser, byte[] body, Hook hook, List<PrefetchTemplate> templates) {
        Set<String> declaredKeys = new HashSet<>();
        templates.forEach(template -> declaredKeys.add(template.key()));
        SentPrefetch prefetch = new SentPrefetch(reader, readable, body, declaredKeys);
        return new SentRequest(parser.parse(body, hook, prefetch), prefetch);
    }

    public ResolvedData resolve(SentRequest sent, List<PrefetchTemplate> templates) {
        CdsRequest request = sent.request();
        Predicate<List<String>> setAsideWanted = setAsideWanted(sent, templates);
        Map<PrefetchTemplate, List<IBaseResource>> answered = new LinkedHashMap<>();
        List<PrefetchTemplate> missing = new ArrayList<>();
        for (PrefetchTemplate template : templates) {
            SentValue value = sent.prefetch().value(template.key());
            Optional.ofNullable(value).flatMap(v -> v.resources(setAsideWanted))
                    .ifPresentOrElse(r -> answered.put(template, r), () -> missing.add(template));
        }
        Set<String> sentKeys = new LinkedHashSet<>();
        answered.keySet().forEach(template -> sentKeys.add(template.key()));
        Map<PrefetchTemplate, List<IBaseResource>> fetched = fetch(request, missing);
        answered.putAll(fetched);
        Set<String> fetchedKeys = new LinkedHashSet<>();
        fetched.keySet().forEach(template -> fetchedKeys.add(template.key()));
        List<IBaseResource> resources = new ArrayList<>();
        Set<String> unanswered = new LinkedHashSet<>();
        Set<String> missingRequired = new LinkedHashSet<>();
        for (PrefetchTemplate template : templates) {
            List<IBaseResource> answer = answered.get(template);
            if (answer != null) {
                resources.addAll(answer);
            } else if (template.required()) {
                missingRequired.add(template.key());
            } else {
                unanswered.add(template.key());
            }
        }
        if (!missingRequired.isEmpty()) {
            throw new CdsHooksException(412, "processing", "Required prefetch " + missingRequired
                    + " was not sent, or the client reported an error for it, and it could not be fetched"
                    + " (no fhirServer, a server not allowed, or it could not be read in time)");
        }
        return new ResolvedData(List.copyOf(resources), draftOrders(request), Collections.unmodifiableSet(unanswered),
                Collections.unmodifiableSet(sentKeys), Collections.unmodifiableSet(fetchedKeys));
    }

    /** The order hooks' {@code context.draftOrders}: a FHIR Bundle of the orders being written. */
    private List<IBaseResource> draftOrders(CdsRequest request) {
        JsonNode draftOrders = request.context().get("draftOrders");
        if (draftOrders == null || draftOrders.isNull()) {
            return List.of();
        }
        if (!"Bundle".equals(draftOrders.path("resourceType").asText())) {
            throw CdsHooksException.badRequest("invalid", "context.draftOrders must be a FHIR Bundle");
        }
        return reader.read("context.draftOrders", draftOrders, ReadableResources.EVERY)
                .resources(identities -> true).orElseThrow(() ->
                        CdsHooksException.badRequest("invalid", "context.draftOrders must be a FHIR Bundle"));
    }

    /**
     * Which resources set aside as unretrievable are parsed after all: every one when a key will be fetched from the
     * client's FHIR server (not sent, or sent as an OperationOutcome), since records fetched later could be copies of
     * them and only the whole set shows which copy is the newest; otherwise those with a copy that was parsed.
     */
    private Predicate<List<String>> setAsideWanted(SentRequest sent, List<PrefetchTemplate> templates) {
        boolean mayFetch = fallback.isPresent() && sent.request().fhirServerUrl().isPresent();
        Set<String> keptRecords = new HashSet<>();
        for (PrefetchTemplate template : templates) {
            SentValue value = sent.prefetch().value(template.key());
            if (mayFetch && (value == null || value instanceof SentValue.QueryFailed)) {
                return identities -> true;
            }
            if (value != null) {
                value.addKeptRecords(keptRecords);
            }
        }
        return identities -> identities.stream().anyMatch(keptRecords::contains);
    }

    /** The missing keys read from the client's FHIR server, those complete by the deadline only. */
    private Map<PrefetchTemplate, List<IBaseResource>> fetch(CdsRequest request, List<PrefetchTemplate> missing) {
        if (missing.isEmpty() || fallback.isEmpty() || request.fhirServerUrl().isEmpty()) {
            return Map.of();
        }
        FhirServerFallback server = fallback.get();
        if (!server.allowed().allows(request.fhirServer())) {
            LOG.warn("Not fetching {} missing key(s): the fhirServer of this call is not on spinecds.fhir-server.allowed",
                    missing.size());
            return Map.of();
        }
        Map<PrefetchTemplate, CompletableFuture<List<IBaseResource>>> calls = new LinkedHashMap<>();
        for (PrefetchTemplate template : missing) {
            template.render(request).ifPresent(query -> calls.put(template, start(server, request, query)));
        }
        awaitAll(calls.values(), server);
        Map<PrefetchTemplate, List<IBaseResource>> fetched = new LinkedHashMap<>();
        calls.forEach((template, call) -> {
            if (call.isDone() && !call.isCompletedExceptionally()) {
                fetched.put(template, call.join());
            } else {
                call.cancel(true);
                LOG.info("Key {} could not be fetched in time or at all", template.key());
            }
        });
        return fetched;
    }

    private static CompletableFuture<List<IBaseResource>> start(FhirServerFallback server, CdsRequest request,
            String query) {
        try {
            return CompletableFuture.supplyAsync(
                    () -> server.fetcher().fetch(request.fhirServer(), request.accessToken(), query), server.executor());
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // One deadline for all keys together: the EHR waits for the whole answer, not per key.
    private static void awaitAll(Iterable<CompletableFuture<List<IBaseResource>>> calls, FhirServerFallback server) {
        long deadline = System.nanoTime() + server.deadline().toNanos();
        for (CompletableFuture<List<IBaseResource>> call : calls) {
            try {
                call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                // Judged per key by the caller: not complete, so not used.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
