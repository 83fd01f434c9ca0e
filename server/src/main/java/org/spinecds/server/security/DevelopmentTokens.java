package org.spinecds.server.security;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * {@code java -jar spinecds-server.jar token --aud URL [--count N] [--key-dir DIR] [--minutes M]}: prints N fresh
 * tokens (one a line) signed with the development key, for curl and load tests against the local profile. Each has
 * its own {@code jti}, so each can be used once. Starts no web server.
 */
public final class DevelopmentTokens {

    private DevelopmentTokens() {
    }

    public static void main(String[] args) throws JOSEException {
        String audience = null;
        int count = 1;
        String keyDir = ".spinecds";
        int minutes = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--aud" -> audience = args[i + 1];
                case "--count" -> count = Integer.parseInt(args[i + 1]);
                case "--key-dir" -> keyDir = args[i + 1];
                case "--minutes" -> minutes = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("Unknown option " + args[i]);
            }
        }
        if (audience == null) {
            throw new IllegalArgumentException(
                    "Usage: token --aud http://localhost:8080/cds-services/back-paresthesia [--count N] [--key-dir DIR]");
        }
        ECKey key = DevelopmentKeys.loadOrCreate(Path.of(keyDir));
        StringBuilder out = new StringBuilder();
        for (String token : mint(key, audience, count, Duration.ofMinutes(minutes))) {
            out.append(token).append('\n');
        }
        System.out.print(out); // the command's output: the tokens, for a shell to capture
    }

    static List<String> mint(ECKey key, String audience, int count, Duration validFor) throws JOSEException {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add(mint(key, DevelopmentKeys.ISSUER, audience, validFor));
        }
        return tokens;
    }

    /**
     * One token of {@code issuer} for {@code audience}, signed with the development key: the command's, and the
     * clinician page's (which signs under an issuer of its own, so that its calls are told apart as trials).
     */
    public static String mint(ECKey key, String issuer, String audience, Duration validFor) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT).keyID(key.getKeyID())
                .build();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor)))
                .jwtID(UUID.randomUUID().toString()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
