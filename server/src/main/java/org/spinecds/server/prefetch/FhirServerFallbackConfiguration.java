package org.spinecds.server.prefetch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.http.impl.client.CloseableHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.spinecds.cdshooks.prefetch.AllowedFhirServers;
import org.spinecds.cdshooks.prefetch.FhirServerFallback;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import ca.uhn.fhir.context.FhirContext;

/**
 * The fallback to the client's FHIR server: the allow-list, HAPI's client over one connection pool, and a bounded
 * pool of fetch threads shared by all requests (a call that cannot get a thread is a key not fetched, not a queue
 * that grows while the EHR waits).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FhirServerProperties.class)
public class FhirServerFallbackConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(FhirServerFallbackConfiguration.class);

    @Bean(destroyMethod = "close")
    CloseableHttpClient fhirHttpClient(FhirContext fhirContext, FhirServerProperties properties) {
        return FhirClients.configure(fhirContext, properties);
    }

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService fhirFetchExecutor(FhirServerProperties properties) {
        int threads = properties.parallelFetches();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 4),
                daemonThreads(), new ThreadPoolExecutor.AbortPolicy());
    }

    @Bean
    FhirServerFallback fhirServerFallback(FhirContext fhirContext, CloseableHttpClient fhirHttpClient,
            ExecutorService fhirFetchExecutor, FhirServerProperties properties) {
        AllowedFhirServers allowed = AllowedFhirServers.of(properties.allowed());
        if (properties.allowed().isEmpty()) {
            LOG.warn("spinecds.fhir-server.allowed is empty: data a client does not send is never fetched");
        }
        return new FhirServerFallback(new HapiFhirFetcher(fhirContext, properties.maxPages()), allowed,
                fhirFetchExecutor, properties.deadline());
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "fhir-fetch-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
