package org.spinecds.server.security;

import java.security.Provider;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Verifies the JWT a CDS client sends on every call (CDS Hooks 2.0.1 security): signed with an asymmetric algorithm
 * (ES256/384/512, RS256/384/512, PS256/384/512; {@code none} and HMAC never), by a key of a trusted issuer found by
 * {@code kid}; {@code aud} exactly the URL called; {@code exp} required and not past, {@code nbf} and {@code iat} not
 * in the future (each with the configured clock skew); a {@code jti} not seen before; the issuer's {@code tenant}
 * when one is configured. Signature checks are nimbus's; nothing here does cryptography by hand.
 */
public final class CdsClientTokenVerifier {

    private static final Set<JWSAlgorithm> ASYMMETRIC = Set.of(
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512,
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);

    /** Why a token was refused: for the log only (never the token); the client is told "unauthorized" alone. */
    public static final class RefusedTokenException extends Exception {
        RefusedTokenException(String reason) {
            super(reason, null, false, false);
        }
    }

    /** Who called: logged (iss, tenant and jti are not secrets, CDS Hooks says so). */
    public record Caller(String issuer, String tenant, String jti) {
    }

    private final Map<String, SecurityProperties.Issuer> issuers = new LinkedHashMap<>();
    private final Map<String, IssuerKeys> keys = new LinkedHashMap<>();
    private final ReplayCache replays;
    private final Duration skew;
    private final Clock clock;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    CdsClientTokenVerifier(SecurityProperties properties, ReplayCache replays, Clock clock, Optional<Provider> provider) {
        for (SecurityProperties.Issuer issuer : properties.issuers()) {
            issuers.put(issuer.iss(), issuer);
            keys.put(issuer.iss(), new IssuerKeys(issuer, properties.jwksTimeout()));
        }
        this.replays = replays;
        this.skew = properties.clockSkew();
        this.clock = clock;
        provider.ifPresent(p -> verifiers.getJCAContext().setProvider(p));
    }

    boolean trustsAnyIssuer() {
        return !issuers.isEmpty();
    }

    public Caller verify(String token, String audience) throws RefusedTokenException {
        SignedJWT jwt = parse(token);
        JWSHeader header = jwt.getHeader();
        if (!ASYMMETRIC.contains(header.getAlgorithm())) {
            throw new RefusedTokenException("algorithm not allowed: " + header.getAlgorithm());
        }
        JWTClaimsSet claims = claims(jwt);
        SecurityProperties.Issuer issuer = issuers.get(claims.getIssuer());
        if (issuer == null) {
            throw new RefusedTokenException("issuer not trusted");
        }
        if (header.getKeyID() == null) {
            throw new RefusedTokenException("no kid");
        }
        checkSignature(jwt, key(issuer, header));
        checkClaims(claims, audience, issuer);
        return new Caller(issuer.iss(), claims.getClaim("tenant") == null ? null : claims.getClaim("tenant").toString(),
                claims.getJWTID());
    }

    private static SignedJWT parse(String token) throws RefusedTokenException {
        try {
            return SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw new RefusedTokenException("not a signed JWT");
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt) throws RefusedTokenException {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new RefusedTokenException("claims are not JSON");
        }
    }

    private JWK key(SecurityProperties.Issuer issuer, JWSHeader header) throws RefusedTokenException {
        try {
            JWK key = keys.get(issuer.iss()).key(header.getKeyID(), header.getJWKURL())
                    .orElseThrow(() -> new RefusedTokenException("no key for the kid (or a jku off the allow-list)"));
            if (!(key instanceof AsymmetricJWK) || key.isPrivate()) {
                throw new RefusedTokenException("the key is not a public asymmetric key");
            }
            return key;
        } catch (KeySourceException e) {
            throw new RefusedTokenException("the issuer's keys could not be read");
        }
    }

    private void checkSignature(SignedJWT jwt, JWK key) throws RefusedTokenException {
        try {
            JWSVerifier verifier = verifiers.createJWSVerifier(jwt.getHeader(), ((AsymmetricJWK) key).toPublicKey());
            if (!jwt.verify(verifier)) {
                throw new RefusedTokenException("bad signature");
            }
        } catch (JOSEException e) {
            throw new RefusedTokenException("the key does not fit the algorithm");
        }
    }

    private void checkClaims(JWTClaimsSet claims, String audience, SecurityProperties.Issuer issuer)
            throws RefusedTokenException {
        List<String> audiences = claims.getAudience();
        if (audiences == null || !audiences.contains(audience)) {
            throw new RefusedTokenException("aud is not the URL called");
        }
        Instant now = clock.instant();
        Instant expires = instant(claims.getExpirationTime());
        if (expires == null || !expires.plus(skew).isAfter(now)) {
            throw new RefusedTokenException(expires == null ? "no exp" : "expired");
        }
        Instant notBefore = instant(claims.getNotBeforeTime());
        Instant issued = instant(claims.getIssueTime());
        if ((notBefore != null && notBefore.minus(skew).isAfter(now)) || (issued != null && issued.minus(skew).isAfter(now))) {
            throw new RefusedTokenException("not yet valid");
        }
        String tenant = issuer.tenant();
        if (tenant != null && !tenant.isBlank() && !tenant.equals(claims.getClaim("tenant"))) {
            throw new RefusedTokenException("wrong tenant");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw new RefusedTokenException("no jti");
        }
        if (!replays.firstUse(issuer.iss(), jti, expires.plus(skew))) {
            throw new RefusedTokenException("jti replayed");
        }
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }
}
