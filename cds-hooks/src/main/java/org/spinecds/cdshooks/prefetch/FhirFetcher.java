package org.spinecds.cdshooks.prefetch;

import java.util.List;

import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Reads from the EHR's FHIR server what the client did not prefetch: {@code GET {fhirServer}/{query}} with the
 * request's bearer token, every page of a search. Implementations live with the transport (the server module).
 */
public interface FhirFetcher {

    /** The resources the query returns; throws {@link FhirFetchException} when the server cannot be read. */
    List<IBaseResource> fetch(String fhirServer, String accessToken, String query);

    final class FhirFetchException extends RuntimeException {
        public FhirFetchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
