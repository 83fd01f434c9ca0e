package org.spinecds.server.feedback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The patient of a card sent, as HMAC-SHA256 under a site key: the same patient gives the same hash (for the
 * snooze), and the database alone names no one.
 */
final class PatientHash {

    private final SecretKeySpec key;

    private PatientHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The configured key; without one, a random key for this run (hashes then do not match across restarts). */
    static PatientHash withKey(String configuredKey) {
        if (configuredKey == null || configuredKey.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new PatientHash(random);
        }
        return new PatientHash(configuredKey.getBytes(StandardCharsets.UTF_8));
    }

    String of(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
