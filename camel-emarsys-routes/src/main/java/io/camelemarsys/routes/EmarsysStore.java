package io.camelemarsys.routes;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.Service;
import org.flywaydb.core.Flyway;

/**
 * The store: the state the app's instances share (stitched profiles, import watermarks, export-consumer windows,
 * webhook idempotency keys), as a pooled {@link DataSource} (HikariCP) whose schema Flyway migrates at open from
 * {@code classpath:db/store} (history table {@code emarsys_schema_history}). An embedded H2 file by default,
 * PostgreSQL by URL. A database made before Flyway (by the hand-written runner of earlier versions) is baselined at
 * version 0 and migrated from there: the scripts create only what is missing. The password is never printed.
 */
public final class EmarsysStore implements DataSource, Service {

    /** The bean name the app binds the store under, and the one {@link #of(CamelContext)} looks up. */
    public static final String BEAN_NAME = "emarsysStore";
    /** The zero-configuration default: an H2 file under ./data, open to other processes of this host. */
    public static final String DEFAULT_URL = "jdbc:h2:file:./data/camel-emarsys;AUTO_SERVER=TRUE";
    static final String MIGRATIONS = "classpath:db/store";
    static final String HISTORY_TABLE = "emarsys_schema_history";

    private final HikariDataSource pool;
    private final String description;

    private EmarsysStore(HikariDataSource pool, String description) {
        this.pool = pool;
        this.description = description;
    }

    /**
     * Opens the pool and migrates the schema. An empty or null URL means {@link #DEFAULT_URL}; fails with the
     * (redacted) URL and the user named when the database cannot be reached or migrated.
     */
    public static EmarsysStore open(String url, String user, String password) {
        String jdbcUrl = url == null || url.isBlank() ? DEFAULT_URL : url.trim();
        String description = "the store at " + redacted(jdbcUrl)
                + (user == null || user.isBlank() ? "" : " as user " + user);
        HikariConfig config = new HikariConfig();
        config.setPoolName("emarsys-store");
        config.setJdbcUrl(jdbcUrl);
        if (user != null && !user.isBlank()) {
            config.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        HikariDataSource pool = null;
        try {
            pool = new HikariDataSource(config);
            migrate(pool);
            return new EmarsysStore(pool, description);
        } catch (RuntimeException e) {
            if (pool != null) {
                pool.close();
            }
            throw failure("Cannot open " + description
                    + " (set emarsys.store.jdbc-url, -user and -password, or EMARSYS_STORE_JDBC_*)", e, password);
        }
    }

    /**
     * The store of a Camel context: the DataSource bound as {@value #BEAN_NAME} (migrated if it is not an
     * EmarsysStore), or else one opened from the properties {@code emarsys.store.jdbc-url}, {@code -user} and
     * {@code -password}, bound under that name and closed with the context.
     */
    public static DataSource of(CamelContext context) {
        synchronized (context) {
            DataSource bound = context.getRegistry().lookupByNameAndType(BEAN_NAME, DataSource.class);
            if (bound instanceof EmarsysStore) {
                return bound;
            }
            if (bound != null) {
                migrate(bound);
                return bound;
            }
            EmarsysStore store = open(property(context, "emarsys.store.jdbc-url"),
                    property(context, "emarsys.store.jdbc-user"), property(context, "emarsys.store.jdbc-password"));
            context.getRegistry().bind(BEAN_NAME, DataSource.class, store);
            try {
                context.addService(store, true, true);
            } catch (Exception e) {
                store.close();
                throw new IllegalStateException("Cannot register " + store + " with the Camel context", e);
            }
            return store;
        }
    }

    /** Applies the pending migrations of {@code classpath:db/store} to a DataSource. */
    public static void migrate(DataSource dataSource) {
        Flyway.configure(EmarsysStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    private static String property(CamelContext context, String name) {
        return context.getPropertiesComponent().resolveProperty(name).orElse("");
    }

    /**
     * An exception that cannot show the password: its message says what failed and the cause's message with the
     * password masked; the cause itself is kept only when nothing in its chain shows the password.
     */
    private static IllegalStateException failure(String what, Throwable cause, String password) {
        String detail = mask(String.valueOf(cause.getMessage()), password);
        boolean chainShowsPassword = false;
        for (Throwable t = cause; t != null && password != null && !password.isEmpty(); t = t.getCause()) {
            chainShowsPassword |= String.valueOf(t.getMessage()).contains(password) || t.toString().contains(password);
        }
        return chainShowsPassword ? new IllegalStateException(what + ": " + detail)
                : new IllegalStateException(what + ": " + detail, cause);
    }

    /** A JDBC URL (or a text holding one) fit to print: a password given in it is replaced by {@code ***}. */
    static String redacted(String url) {
        return url == null ? null : url.replaceAll("(?i)password=[^;&]*", "password=***");
    }

    private static String mask(String text, String password) {
        String redacted = redacted(text);
        return password == null || password.isEmpty() ? redacted : redacted.replace(password, "***");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("The store's pool logs in as its configured user only");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }

    @Override
    public void start() {
        // the pool is open from the start: a store that cannot be reached fails where it is created
    }

    @Override
    public void stop() {
        pool.close();
    }

    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "EmarsysStore[" + description + "]";
    }
}
