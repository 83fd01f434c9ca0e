package org.spinecds.server.security;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.spinecds.cdshooks.prefetch.AllowedFhirServers;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;

/**
 * The verification keys of one trusted CDS client, found by {@code kid}: in the JWK Set configured for it
 * ({@code https:}, {@code file:} or {@code classpath:}), else, when the token names a {@code jku}, in the JWK Set
 * there, but only if that URL is on the issuer's {@code jku} allow-list. JWK Sets are cached and fetched again
 * when a {@code kid} is not found (key rotation), at most as often as nimbus's rate limit allows.
 */
final class IssuerKeys {

    private final JWKSource<SecurityContext> configured;
    private final AllowedFhirServers jkuAllowed;
    private final ResourceRetriever retriever;
    private final Map<String, JWKSource<SecurityContext>> byJku = new ConcurrentHashMap<>();

    IssuerKeys(SecurityProperties.Issuer issuer, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        this.retriever = new LocalOrRemoteRetriever(new DefaultResourceRetriever(millis, millis, 512 * 1024));
        this.configured = issuer.jwksUri() == null || issuer.jwksUri().isBlank() ? null
                : source(location(issuer.jwksUri()));
        this.jkuAllowed = AllowedFhirServers.of(issuer.jkuAllowed());
    }

    /** The key with this {@code kid}, or empty; a {@code jku} off the allow-list is never fetched. */
    Optional<JWK> key(String kid, URI jku) throws KeySourceException {
        JWKSelector selector = new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
        if (configured != null) {
            List<JWK> keys = configured.get(selector, null);
            if (!keys.isEmpty()) {
                return Optional.of(keys.get(0));
            }
        }
        if (jku == null || !jkuAllowed.allows(jku.toString())) {
            return Optional.empty();
        }
        JWKSource<SecurityContext> remote = byJku.computeIfAbsent(jku.toString(), url -> source(url(url)));
        return remote.get(selector, null).stream().findFirst();
    }

    private JWKSource<SecurityContext> source(URL url) {
        return JWKSourceBuilder.create(url, retriever).retrying(false).build();
    }

    private static URL location(String jwksUri) {
        if (jwksUri.startsWith("classpath:")) {
            String path = jwksUri.substring("classpath:".length()).replaceFirst("^/", "");
            URL resource = IssuerKeys.class.getClassLoader().getResource(path);
            if (resource == null) {
                throw new IllegalArgumentException("spinecds.security: no " + jwksUri + " on the classpath");
            }
            return resource;
        }
        if (!(jwksUri.startsWith("https:") || jwksUri.startsWith("file:"))) {
            throw new IllegalArgumentException("spinecds.security: jwks-uri must be https:, file: or classpath:");
        }
        return url(jwksUri);
    }

    private static URL url(String url) {
        try {
            return URI.create(url).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("spinecds.security: not a URL: " + url, e);
        }
    }

    /** http(s) through nimbus's retriever (timeouts, size limit); a file or classpath JWKS read directly. */
    private record LocalOrRemoteRetriever(ResourceRetriever remote) implements ResourceRetriever {
        @Override
        public Resource retrieveResource(URL url) throws IOException {
            if (url.getProtocol().startsWith("http")) {
                return remote.retrieveResource(url);
            }
            try (InputStream in = url.openStream()) {
                return new Resource(new String(in.readNBytes(512 * 1024), StandardCharsets.UTF_8), "application/json");
            }
        }
    }
}
