package org.spinecds.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

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
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The load client's own CDS client identity: a fresh key pair (RSA 2048 for RS384, EC P-384 for ES384), its public
 * JWK Set written to {@code DIR/load-jwks.json} for the server to trust under issuer {@value #ISSUER}, and
 * {@code COUNT} tokens for {@code AUD} printed one a line, each with its own {@code jti} (the server refuses a
 * replay). The private key never leaves this process.
 *
 * <pre>java -cp benchmarks.jar org.spinecds.benchmarks.LoadTokens --alg RS384|ES384 --dir DIR --aud URL
 *     --count N [--minutes 120]</pre>
 */
public final class LoadTokens {

    public static final String ISSUER = "spinecds-load-test";
    private static final String PUBLIC_JWKS = "load-jwks.json";

    private LoadTokens() {
    }

    public static void main(String[] args) throws JOSEException, IOException {
        JWSAlgorithm algorithm = JWSAlgorithm.RS384;
        Path dir = null;
        String audience = null;
        int count = 1;
        int minutes = 120;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--alg" -> algorithm = JWSAlgorithm.parse(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                case "--aud" -> audience = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--minutes" -> minutes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (dir == null || audience == null) {
            throw new IllegalArgumentException("Usage: LoadTokens --alg RS384|ES384 --dir DIR --aud URL --count N"
                    + " [--minutes M]");
        }
        JWK key = generate(algorithm);
        Files.writeString(dir.resolve(PUBLIC_JWKS), new JWKSet(key.toPublicJWK()).toString(true));
        JWSSigner signer = signer(key);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(mint(signer, algorithm, key.getKeyID(), audience, Duration.ofMinutes(minutes))).append('\n');
        }
        System.out.print(out); // the command's output: the tokens, for a shell to capture
    }

    private static JWK generate(JWSAlgorithm algorithm) throws JOSEException {
        String kid = UUID.randomUUID().toString();
        if (JWSAlgorithm.RS384.equals(algorithm)) {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyID(kid).generate();
        }
        if (JWSAlgorithm.ES384.equals(algorithm)) {
            return new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(algorithm).keyID(kid).generate();
        }
        throw new IllegalArgumentException("--alg is RS384 or ES384, not " + algorithm);
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }

    /** The claims and header the server checks (CdsClientTokenVerifier), plus {@code sub} and {@code typ}. */
    private static String mint(JWSSigner signer, JWSAlgorithm algorithm, String kid, String audience,
            Duration validFor) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid).build();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(ISSUER).audience(audience)
                .jwtID(UUID.randomUUID().toString()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(validFor))).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
