package org.spinecds.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.springframework.test.context.DynamicPropertyRegistry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * A CDS client for the server tests: an ES384 and an RS384 key pair whose public JWK Set is a file the service is
 * configured to trust (issuer {@value #ISSUER}), and tokens minted for the exact URL a test calls, each with a fresh
 * {@code jti}. Bad tokens are good ones with one thing changed.
 */
public final class TestIssuer {

    public static final String ISSUER = "https://ehr.test.example";
    public static final TestIssuer INSTANCE = new TestIssuer();

    private final ECKey ecKey;
    private final RSAKey rsaKey;
    private final Path jwks;

    private TestIssuer() {
        try {
            ecKey = new ECKeyGenerator(Curve.P_384).keyID("test-es384").algorithm(JWSAlgorithm.ES384).generate();
            rsaKey = new RSAKeyGenerator(2048).keyID("test-rs384").algorithm(JWSAlgorithm.RS384).generate();
            jwks = Files.createTempFile("spinecds-test-jwks", ".json");
            jwks.toFile().deleteOnExit();
            Files.writeString(jwks, new JWKSet(java.util.List.of(ecKey.toPublicJWK(), rsaKey.toPublicJWK())).toString());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Trust this issuer; the service's public base URL is the loopback address and port it was started on. */
    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spinecds.security.issuers[0].iss", () -> ISSUER);
        registry.add("spinecds.security.issuers[0].jwks-uri", () -> INSTANCE.jwks.toUri().toString());
        registry.add("spinecds.security.public-base-url", () -> "http://127.0.0.1:${local.server.port}");
    }

    public Path jwksFile() {
        return jwks;
    }

    public ECKey ecKey() {
        return ecKey;
    }

    /** A good ES384 token for the URL called. */
    public String token(String url) {
        return token(url, claims -> claims, JWSAlgorithm.ES384);
    }

    /** A token for the URL called, its claims changed by {@code change}, signed with {@code algorithm}'s test key. */
    public String token(String url, UnaryOperator<JWTClaimsSet.Builder> change, JWSAlgorithm algorithm) {
        JWK key = algorithm.getName().startsWith("ES") ? ecKey : rsaKey;
        return sign(new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                change.apply(claims(url)).build(), algorithm.getName().startsWith("ES")
                        ? signer(() -> new ECDSASigner(ecKey)) : signer(() -> new RSASSASigner(rsaKey)));
    }

    public static JWTClaimsSet.Builder claims(String url) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(url).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString());
    }

    public static String sign(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private interface SignerFactory {
        JWSSigner create() throws JOSEException;
    }

    private static JWSSigner signer(SignerFactory factory) {
        try {
            return factory.create();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
