package org.spinecds.server.prefetch;

import java.util.concurrent.TimeUnit;

import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;

/**
 * Sets up the HTTP side of HAPI's clients once, on the shared {@link FhirContext}: one connection pool, timeouts on
 * connecting, waiting for a pooled connection and reading, no {@code /metadata} call before the first request, and
 * redirects not followed (a redirect could take the bearer token to another host), nor cookies kept.
 */
final class FhirClients {

    private FhirClients() {
    }

    static CloseableHttpClient configure(FhirContext fhirContext, FhirServerProperties properties) {
        int timeoutMillis = Math.toIntExact(properties.callTimeout().toMillis());
        PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager(5, TimeUnit.MINUTES);
        pool.setMaxTotal(properties.parallelFetches());
        pool.setDefaultMaxPerRoute(properties.parallelFetches());
        RequestConfig timeouts = RequestConfig.custom()
                .setConnectTimeout(timeoutMillis)
                .setConnectionRequestTimeout(timeoutMillis)
                .setSocketTimeout(timeoutMillis)
                .build();
        CloseableHttpClient httpClient = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(timeouts)
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .build();
        IRestfulClientFactory factory = fhirContext.getRestfulClientFactory();
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setHttpClient(httpClient);
        return httpClient;
    }
}
