package org.spinecds.cdshooks.prefetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.spinecds.cdshooks.CdsHooksException;
import org.spinecds.cdshooks.request.CdsRequest;

import com.fasterxml.jackson.databind.JsonNode;

import ca.uhn.fhir.context.FhirContext;

/**
 * Gathers a service's data for one request, key by key: what the client prefetched is used as sent (complete,
 * partial or {@code null} = "queried, nothing found"); a key that is missing, or answered with an
 * OperationOutcome, is fetched from {@code fhirServer} when the client gave one and a fetcher is configured;
 * a required key that cannot be obtained either way fails the request with 412 Precondition Failed.
 */
public final class PrefetchResolver {

    private final PrefetchValueReader reader;
    private final Optional<FhirFetcher> fetcher;

    public PrefetchResolver(FhirContext fhirContext, Optional<FhirFetcher> fetcher) {
        this.reader = new PrefetchValueReader(fhirContext);
        this.fetcher = fetcher;
    }

    public ResolvedData resolve(CdsRequest request, List<PrefetchTemplate> templates) {
        List<IBaseResource> resources = new ArrayList<>();
        Set<String> unanswered = new LinkedHashSet<>();
        Set<String> missingRequired = new LinkedHashSet<>();
        for (PrefetchTemplate template : templates) {
            Optional<List<IBaseResource>> answer = fromPrefetch(request, template).or(() -> fetch(request, template));
            if (answer.isPresent()) {
                resources.addAll(answer.get());
            } else if (template.required()) {
                missingRequired.add(template.key());
            } else {
                unanswered.add(template.key());
            }
        }
        if (!missingRequired.isEmpty()) {
            throw new CdsHooksException(412, "processing", "Required prefetch " + missingRequired
                    + " was not sent, or the client reported an error for it, and it could not be fetched"
                    + " (no fhirServer, or it could not be read)");
        }
        return new ResolvedData(List.copyOf(resources), draftOrders(request), Collections.unmodifiableSet(unanswered));
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
        return reader.read("context.draftOrders", draftOrders).orElseThrow(() ->
                CdsHooksException.badRequest("invalid", "context.draftOrders must be a FHIR Bundle"));
    }

    private Optional<List<IBaseResource>> fromPrefetch(CdsRequest request, PrefetchTemplate template) {
        JsonNode value = request.prefetch().get(template.key());
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(List.of());
        }
        return reader.read(template.key(), value);
    }

    private Optional<List<IBaseResource>> fetch(CdsRequest request, PrefetchTemplate template) {
        if (fetcher.isEmpty() || request.fhirServerUrl().isEmpty()) {
            return Optional.empty();
        }
        Optional<String> query = template.render(request);
        if (query.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(fetcher.get().fetch(request.fhirServer(), request.accessToken(), query.get()));
        } catch (FhirFetcher.FhirFetchException e) {
            return Optional.empty();
        }
    }
}
