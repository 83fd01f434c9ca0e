package org.spinecds.server.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The databases the repository tests run against, each test on a fresh schema migrated by the application's own
 * Flyway scripts: an H2 file (the default) and PostgreSQL. PostgreSQL is the server at
 * {@code SPINECDS_TEST_POSTGRES_URL} (user and password in {@code SPINECDS_TEST_POSTGRES_USER} / {@code _PASSWORD});
 * {@code .ci/run} starts one and sets {@code SPINECDS_TEST_POSTGRES_REQUIRED=true}, so that CI fails rather than
 * skips when it is away. Elsewhere the PostgreSQL tests skip with a message when no server answers.
 */
public enum TestDatabase {

    H2 {
        @Override
        Migrated empty() {
            Path directory = TemporaryDirectories.create("spinecds-h2-");
            return new Migrated(pool("jdbc:h2:file:" + directory.resolve("spinecds") + ";DB_CLOSE_ON_EXIT=FALSE",
                    "sa", ""), null);
        }
    },

    POSTGRESQL {
        @Override
        Migrated empty() {
            String url = env("SPINECDS_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/spinecds_test");
            String user = env("SPINECDS_TEST_POSTGRES_USER", "spinecds");
            String password = env("SPINECDS_TEST_POSTGRES_PASSWORD", "spinecds");
            String schema = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            try (Connection admin = DriverManager.getConnection(url, user, password)) {
                admin.createStatement().execute("CREATE SCHEMA " + schema);
            } catch (SQLException e) {
                boolean required = Boolean.parseBoolean(env("SPINECDS_TEST_POSTGRES_REQUIRED", "false"));
                String message = "No PostgreSQL at " + url + " (" + e.getSQLState() + "): the PostgreSQL repository"
                        + " tests need one; .ci/run installs and starts it";
                if (required) {
                    throw new IllegalStateException(message, e);
                }
                Assumptions.abort(message);
            }
            String separator = url.contains("?") ? "&" : "?";
            return new Migrated(pool(url + separator + "currentSchema=" + schema, user, password), schema);
        }
    };

    /** A fresh database (schema) with no tables. */
    abstract Migrated empty();

    /** A fresh, migrated database (schema); closing it drops what the test wrote. */
    public Migrated open() {
        return empty().migrate();
    }

    /** A fresh database migrated only up to {@code version}, to test what a later migration does to its data. */
    public Migrated openAt(String version) {
        return empty().migrate(version);
    }

    public record Migrated(HikariDataSource dataSource, String schema) implements AutoCloseable {

        public DataSource source() {
            return dataSource;
        }

        /** Applies every migration not applied yet. */
        public Migrated migrate() {
            return migrate("latest");
        }

        private Migrated migrate(String target) {
            Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").target(target).load()
                    .migrate();
            return this;
        }

        @Override
        public void close() throws SQLException {
            if (schema != null) {
                try (Connection connection = dataSource.getConnection()) {
                    connection.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
            dataSource.close();
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    private static String env(String name, String otherwise) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? otherwise : value;
    }
}
