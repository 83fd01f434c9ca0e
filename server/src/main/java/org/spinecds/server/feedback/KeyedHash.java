package org.spinecds.server.feedback;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under the site key ({@code spinecds.feedback.patient-hash-key}), for what the database keeps about a
 * patient: the patient id and the records a card was based on. The same input gives the same hash (for the
 * snooze), and the database alone names no one.
 */
final class KeyedHash {

    private final SecretKeySpec key;
    // One initialised Mac per thread: looking the algorithm up and keying it cost more than the hash itself.
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private KeyedHash(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The configured key; without one, a random key for this run (hashes then do not match across restarts). */
    static KeyedHash withKey(String configuredKey) {
        if (configuredKey == null || configuredKey.isBlank()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return new KeyedHash(random);
        }
        return new KeyedHash(configuredKey.getBytes(StandardCharsets.UTF_8));
    }

    String of(String text) {
        // doFinal leaves the Mac keyed and reset, ready for the next text.
        return HexFormat.of().formatHex(macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
