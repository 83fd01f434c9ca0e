package org.spinecds.cdshooks.prefetch;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The FHIR servers the service may call with a client's bearer token: an administrator's list of URL prefixes
 * ({@code spinecds.fhir-server.allowed}). Empty allows nothing, so no token leaves the service until someone names
 * the EHR. A server must use https unless its entry itself says http (a loopback test server, say). A prefix matches
 * on scheme, host and port exactly and on whole path segments, so {@code https://ehr.example/fhir} allows neither
 * {@code https://ehr.example.evil/fhir} nor {@code https://ehr.example/fhir-other}. A port {@code *} allows any port
 * of that host ({@code http://127.0.0.1:*}, for a developer's loopback test server).
 */
public final class AllowedFhirServers {

    private static final String ANY_PORT = ":*";

    private record Prefix(URI uri, boolean anyPort) {
    }

    private final List<Prefix> prefixes;

    private AllowedFhirServers(List<Prefix> prefixes) {
        this.prefixes = prefixes;
    }

    /** The list from configuration; an entry that is not an absolute http(s) URL stops the start-up. */
    public static AllowedFhirServers of(List<String> prefixes) {
        return new AllowedFhirServers(prefixes.stream().map(AllowedFhirServers::prefix).toList());
    }

    public static AllowedFhirServers none() {
        return new AllowedFhirServers(List.of());
    }

    public boolean allows(String fhirServer) {
        Optional<URI> server = parse(fhirServer, false);
        return server.isPresent() && prefixes.stream().anyMatch(prefix -> covers(prefix, server.get()));
    }

    /** True when {@code url} (a next link, say) is on the same scheme, host and port as {@code fhirServer}. */
    public static boolean sameOrigin(String fhirServer, String url) {
        Optional<URI> base = parse(fhirServer, false);
        Optional<URI> other = parse(url, true);
        return base.isPresent() && other.isPresent() && sameOrigin(base.get(), other.get());
    }

    private static boolean covers(Prefix prefix, URI server) {
        URI uri = prefix.uri();
        boolean origin = prefix.anyPort()
                ? uri.getScheme().equals(server.getScheme()) && uri.getHost().equals(server.getHost())
                : sameOrigin(uri, server);
        return origin && withSlash(server.getPath()).startsWith(withSlash(uri.getPath()));
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equals(b.getScheme()) && a.getHost().equals(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equals("https") ? 443 : 80;
    }

    private static String withSlash(String path) {
        return path == null || path.isEmpty() ? "/" : path.endsWith("/") ? path : path + "/";
    }

    private static Prefix prefix(String entry) {
        String trimmed = entry.trim();
        int anyPort = trimmed.indexOf(ANY_PORT, trimmed.indexOf("://") + 3);
        String url = anyPort < 0 ? trimmed : trimmed.substring(0, anyPort) + trimmed.substring(anyPort + ANY_PORT.length());
        URI uri = parse(url, false).orElseThrow(() -> new IllegalArgumentException(
                "spinecds.fhir-server.allowed: '" + entry + "' is not an absolute http or https URL"));
        return new Prefix(uri, anyPort >= 0);
    }

    // Scheme and host lower-cased; no user info, and for a base URL no query or fragment either.
    private static Optional<URI> parse(String url, boolean queryAllowed) {
        if (url == null) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null
                    || uri.getRawUserInfo() != null
                    || (!queryAllowed && (uri.getRawQuery() != null || uri.getRawFragment() != null))) {
                return Optional.empty();
            }
            return Optional.of(new URI(scheme, null, uri.getHost().toLowerCase(Locale.ROOT), uri.getPort(),
                    uri.getPath(), null, null));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
