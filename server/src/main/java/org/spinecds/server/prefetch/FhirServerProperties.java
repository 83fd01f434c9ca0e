package org.spinecds.server.prefetch;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spinecds.fhir-server.*}: the fallback to the EHR's FHIR server for what a client did not prefetch.
 *
 * @param allowed         URL prefixes of the FHIR servers the service may call with a client's token; empty (the
 *                        default) calls none. https only, unless an entry says http; a port {@code *} is any port
 * @param callTimeout     connect and read timeout of one HTTP call
 * @param deadline        by when every missing key must be complete, all keys together; a key not complete is not used
 * @param maxPages        the most pages of one search that are read; a search with more is not used
 * @param parallelFetches how many calls run at once, across all requests
 */
@ConfigurationProperties("spinecds.fhir-server")
public record FhirServerProperties(
        @DefaultValue List<String> allowed,
        @DefaultValue("400ms") Duration callTimeout,
        @DefaultValue("1500ms") Duration deadline,
        @DefaultValue("10") int maxPages,
        @DefaultValue("16") int parallelFetches) {
}
