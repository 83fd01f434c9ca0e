package org.spinecds.server.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;

/**
 * The local profile's development key pair (EC P-384, ES384), generated on first use under a local directory that
 * is never committed: {@code dev-signing-key.json} (private, readable by its owner only) and {@code dev-jwks.json}
 * (its public JWK Set, which the local profile trusts for issuer {@value #ISSUER}).
 */
public final class DevelopmentKeys {

    public static final String ISSUER = "spinecds-local-development";
    static final String PRIVATE_KEY = "dev-signing-key.json";
    static final String PUBLIC_JWKS = "dev-jwks.json";

    private DevelopmentKeys() {
    }

    /** The private key, created (with its public JWK Set) when the directory has none. */
    public static synchronized ECKey loadOrCreate(Path directory) {
        Path privateKey = directory.resolve(PRIVATE_KEY);
        try {
            if (Files.exists(privateKey)) {
                return ECKey.parse(Files.readString(privateKey, StandardCharsets.UTF_8));
            }
            ECKey key = new ECKeyGenerator(Curve.P_384).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES384)
                    .keyID(UUID.randomUUID().toString()).generate();
            Files.createDirectories(directory);
            Files.writeString(directory.resolve(PUBLIC_JWKS), new JWKSet(key.toPublicJWK()).toString(true));
            Files.writeString(privateKey, key.toJSONString(), StandardCharsets.UTF_8);
            ownerOnly(privateKey);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the development key under " + directory, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The development key under " + directory + " is not an EC JWK", e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file keeps the directory's permissions.
        }
    }
}
