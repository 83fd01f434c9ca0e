package org.spinecds.server.prefetch;

import java.util.ArrayList;
import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.spinecds.cdshooks.prefetch.AllowedFhirServers;
import org.spinecds.cdshooks.prefetch.FhirFetcher;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * Reads one prefetch query from the client's FHIR server with HAPI's generic client: a read ({@code Patient/123}) or
 * a search whose every page is followed, up to a page limit, as long as each {@code next} link stays on the server's
 * own origin (a link elsewhere would carry the bearer token away). A light client per call over the shared
 * {@link FhirContext} and its connection pool (see {@link FhirClients}). Failures say what failed, never the URL
 * (it names the patient) or the token.
 */
final class HapiFhirFetcher implements FhirFetcher {

    private final FhirContext fhirContext;
    private final int maxPages;

    HapiFhirFetcher(FhirContext fhirContext, int maxPages) {
        this.fhirContext = fhirContext;
        this.maxPages = maxPages;
    }

    @Override
    public List<IBaseResource> fetch(String fhirServer, String accessToken, String query) {
        IGenericClient client = fhirContext.newRestfulGenericClient(fhirServer);
        if (accessToken != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(accessToken));
        }
        try {
            return query.contains("?") ? search(client, fhirServer, query) : List.of(read(client, query));
        } catch (FhirClientConnectionException e) {
            throw new FhirFetchException("The FHIR server could not be reached or did not answer in time", null);
        } catch (BaseServerResponseException e) {
            throw new FhirFetchException("The FHIR server answered HTTP " + e.getStatusCode(), null);
        } catch (DataFormatException e) {
            throw new FhirFetchException("The FHIR server's answer is not FHIR R4 JSON or XML", null);
        }
    }

    private static IBaseResource read(IGenericClient client, String query) {
        String[] typeAndId = query.split("/", 2);
        if (typeAndId.length != 2 || typeAndId[1].isEmpty() || typeAndId[1].contains("/")) {
            throw new FhirFetchException("Not a read or a search: a prefetch template is wrong", null);
        }
        return client.read().resource(typeAndId[0]).withId(typeAndId[1]).execute();
    }

    private List<IBaseResource> search(IGenericClient client, String fhirServer, String query) {
        List<IBaseResource> resources = new ArrayList<>();
        Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
        for (int pages = 1; ; pages++) {
            addEntries(page, resources);
            Bundle.BundleLinkComponent next = page.getLink(Bundle.LINK_NEXT);
            if (next == null || !next.hasUrl()) {
                return resources;
            }
            if (pages == maxPages) {
                throw new FhirFetchException("The search has more than " + maxPages + " pages", null);
            }
            if (!AllowedFhirServers.sameOrigin(fhirServer, next.getUrl())) {
                throw new FhirFetchException("A next link leaves the FHIR server's origin", null);
            }
            page = client.loadPage().byUrl(next.getUrl()).andReturnBundle(Bundle.class).execute();
        }
    }

    // A search may carry OperationOutcome entries (warnings) and, from some servers, entries without a resource.
    private static void addEntries(Bundle page, List<IBaseResource> resources) {
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (entry.hasResource() && !(entry.getResource() instanceof OperationOutcome)) {
                resources.add(entry.getResource());
            }
        }
    }
}
