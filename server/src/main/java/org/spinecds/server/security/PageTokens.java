package org.spinecds.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.spinecds.cdshooks.PublicBaseUrl;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;

/**
 * Tokens for the clinician page. A browser cannot hold an EHR's signing key, so the server signs for it, with the
 * local profile's development key, under an issuer of its own ({@value #ISSUER}): the page's calls then pass the
 * same JWT checks as an EHR's, and are told apart as trials by their verified {@code iss}. A token is for one path
 * the page needs (the services, their feedback, the statistics), valid for a minute, and usable once.
 */
public final class PageTokens {

    public static final String ISSUER = "spinecds-clinician-page";

    private static final Pattern PAGE_PATHS =
            Pattern.compile("/cds-services(/[A-Za-z0-9][A-Za-z0-9._-]{0,99}(/feedback)?)?|/feedback/statistics");
    private static final Duration VALID_FOR = Duration.ofMinutes(1);

    private final ECKey key;
    private final PublicBaseUrl publicBaseUrl;

    public PageTokens(SecurityProperties properties, PublicBaseUrl publicBaseUrl) {
        this.key = DevelopmentKeys.loadOrCreate(Path.of(properties.devKeyDir()));
        this.publicBaseUrl = publicBaseUrl;
    }

    /** A token for a call to {@code path} on this server; empty when the page has no business calling it. */
    public Optional<String> forPath(String path) {
        if (path == null || !PAGE_PATHS.matcher(path).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DevelopmentTokens.mint(key, ISSUER,
                    publicBaseUrl.resolve(path), VALID_FOR));
        } catch (JOSEException e) {
            throw new IllegalStateException("The development key cannot sign", e);
        }
    }
}
