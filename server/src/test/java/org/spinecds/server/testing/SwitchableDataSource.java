package org.spinecds.server.testing;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A database a test can take away: while {@code away}, every new connection fails as a refused one would. */
public final class SwitchableDataSource extends DelegatingDataSource {

    private volatile boolean away;

    public SwitchableDataSource(DataSource target) {
        super(target);
    }

    public void away(boolean away) {
        this.away = away;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (away) {
            throw new SQLException("connection refused", "08001");
        }
        return super.getConnection();
    }
}
