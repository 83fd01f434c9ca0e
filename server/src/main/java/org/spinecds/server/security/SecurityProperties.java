package org.spinecds.server.security;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code spinecds.security.*}: who may call the service. Every call carries a JWT signed by a CDS client (the EHR);
 * these say which clients are trusted and how their keys are found.
 *
 * @param publicBaseUrl the URL clients call the service at (a proxy may sit in front); {@code aud} must be this plus
 *                      the path called. Read at every request, so it may name {@code ${local.server.port}}
 * @param issuers       the trusted clients: {@code iss}, where their keys are, which {@code jku} they may point at,
 *                      and the {@code tenant} they must name, if any
 * @param clockSkew     tolerance on {@code exp}, {@code nbf} and {@code iat}
 * @param jwksTimeout   connect and read timeout when a JWKS is fetched
 * @param devKeyDir     where the local profile keeps its generated development key pair (never committed)
 * @param devKeys       whether to create that key pair at start-up (the local profile)
 * @param replayCache   where used tokens are remembered: {@code memory} (this node) or {@code database} (shared by
 *                      the replicas that share the database)
 */
@ConfigurationProperties("spinecds.security")
public record SecurityProperties(
        @DefaultValue("http://localhost:8080") String publicBaseUrl,
        @DefaultValue List<Issuer> issuers,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue(".spinecds") String devKeyDir,
        @DefaultValue("false") boolean devKeys,
        @DefaultValue("memory") ReplayStore replayCache) {

    /** Where the replay cache keeps the tokens it has seen. */
    public enum ReplayStore { MEMORY, DATABASE }

    /**
     * @param iss        the {@code iss} the client's tokens carry
     * @param jwksUri    its JWK Set: {@code https:}, {@code file:} or {@code classpath:}
     * @param jkuAllowed URL prefixes a token's {@code jku} header may point at (https unless the entry says http)
     * @param tenant     the {@code tenant} its tokens must carry; none when blank
     */
    public record Issuer(String iss, String jwksUri, @DefaultValue List<String> jkuAllowed, String tenant) {
    }
}
