package org.spinecds.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

import org.spinecds.server.ops.DatabaseGuard;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The replay cache in the database, shared by every replica behind one load balancer: a token's issuer and
 * {@code jti} are kept (as one SHA-256) until it expires, and the retention job deletes them after. While the
 * database fails, tokens are remembered by this node alone (counted as database failures): replay protection per
 * node for the outage, rather than refusing every call.
 */
final class DatabaseReplayCache implements ReplayCache {

    private final JdbcTemplate jdbc;
    private final DatabaseGuard database;
    private final ReplayCache duringOutage;
    private final Clock clock;

    DatabaseReplayCache(JdbcTemplate jdbc, DatabaseGuard database, ReplayCache duringOutage, Clock clock) {
        this.jdbc = jdbc;
        this.database = database;
        this.duringOutage = duringOutage;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String issuer, String jti, Instant expires) {
        if (!database.available()) {
            return duringOutage.firstUse(issuer, jti, expires);
        }
        try {
            return insertOrRenew(key(issuer, jti), OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
        } catch (DataAccessException e) {
            database.failed("replay-cache", e);
            return duringOutage.firstUse(issuer, jti, expires);
        }
    }

    private boolean insertOrRenew(String key, OffsetDateTime expiresAt) {
        try {
            jdbc.update("INSERT INTO token_use (token_key, expires_at) VALUES (?, ?)", key, expiresAt);
            return true;
        } catch (DuplicateKeyException seenBefore) {
            // A replay, unless that use has expired and the issuer has reused its jti since.
            return jdbc.update("UPDATE token_use SET expires_at = ? WHERE token_key = ? AND expires_at < ?",
                    expiresAt, key, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC)) == 1;
        }
    }

    private static String key(String issuer, String jti) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest((issuer + "\n" + jti).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
