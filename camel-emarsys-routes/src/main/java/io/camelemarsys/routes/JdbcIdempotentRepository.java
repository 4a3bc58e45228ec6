package io.camelemarsys.routes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IdempotentRepository} in the store (table {@code emarsys_idempotency}) that the app's instances share,
 * with an expiry per key: a key is kept for the {@code retention} (default P7D), or until the instant an exchange
 * names for it in the property {@value #KEY_EXPIRY} (a webhook token's jti: until the token would be refused anyway).
 * Expired keys count as absent and are purged every {@code purgeInterval}. Adding is one atomic insert (or the
 * take-over of an expired row), so of two instances adding one key at once exactly one wins.
 * <p>
 * Why not camel-sql's JdbcMessageIdRepository: it keeps every key forever (no expiry per key), checks with a
 * SELECT before its INSERT so a race between two instances fails with a duplicate-key error instead of answering
 * "duplicate", and brings Spring JDBC.
 */
public final class JdbcIdempotentRepository extends ServiceSupport implements IdempotentRepository, CamelContextAware {

    /** Exchange property: a {@code Map<String, Instant>} of keys that expire at an instant of their own. */
    public static final String KEY_EXPIRY = "CamelEmarsysIdempotentKeyExpiry";
    /** Longer keys are stored as their SHA-256 (the column holds 512 characters). */
    private static final int MAX_PLAIN_KEY = 256;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcIdempotentRepository.class);

    private CamelContext camelContext;
    private DataSource dataSource;
    private String repositoryName = "default";
    private Duration retention = Duration.ofDays(7);
    private Duration purgeInterval = Duration.ofMinutes(10);
    private Clock clock = Clock.systemUTC();
    private ScheduledExecutorService purger;

    /** A repository whose store is the context's ({@link EmarsysStore#of(CamelContext)}), found when it starts. */
    public JdbcIdempotentRepository() {
    }

    public JdbcIdempotentRepository(DataSource dataSource, String repositoryName, Duration retention) {
        this.dataSource = dataSource;
        setRepositoryName(repositoryName);
        this.retention = positive("retention", retention);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Keeps this repository's keys apart from other repositories' in the same table (at most 64 characters). */
    public void setRepositoryName(String repositoryName) {
        if (repositoryName == null || repositoryName.isBlank() || repositoryName.length() > 64) {
            throw new IllegalArgumentException("repositoryName '" + repositoryName + "' must be 1 to 64 characters");
        }
        this.repositoryName = repositoryName;
    }

    /** How long a key without an expiry of its own is kept: an ISO-8601 duration such as P7D or PT12H. */
    public void setRetention(String retention) {
        this.retention = positive("retention", parse("retention (emarsys.webhook.event-id-retention)", retention));
    }

    /** How often expired keys are deleted: an ISO-8601 duration, default PT10M. */
    public void setPurgeInterval(String purgeInterval) {
        this.purgeInterval = positive("purgeInterval", parse("purgeInterval", purgeInterval));
    }

    public Duration getRetention() {
        return retention;
    }

    void setClock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean add(String key) {
        return add(key, clock.instant().plus(retention));
    }

    @Override
    public boolean add(Exchange exchange, String key) {
        Map<?, ?> expiries = exchange.getProperty(KEY_EXPIRY, Map.class);
        Object expiry = expiries == null ? null : expiries.get(key);
        return add(key, expiry instanceof Instant at ? at : clock.instant().plus(retention));
    }

    /** Adds a key kept until {@code expiresAt}; false when it is there and not expired. */
    public boolean add(String key, Instant expiresAt) {
        long now = clock.millis();
        String stored = stored(key);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO emarsys_idempotency "
                    + "(repository, message_key, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, repositoryName);
                insert.setString(2, stored);
                insert.setLong(3, now);
                insert.setLong(4, expiresAt.toEpochMilli());
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if (!JdbcStateRepository.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
            }
            // the key is there: it is ours again only if it expired (and no other instance took it over first)
            try (PreparedStatement renew = connection.prepareStatement("UPDATE emarsys_idempotency SET created_at = ?, "
                    + "expires_at = ? WHERE repository = ? AND message_key = ? AND expires_at <= ?")) {
                renew.setLong(1, now);
                renew.setLong(2, expiresAt.toEpochMilli());
                renew.setString(3, repositoryName);
                renew.setString(4, stored);
                renew.setLong(5, now);
                return renew.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw failure("add", key, e);
        }
    }

    @Override
    public boolean contains(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM emarsys_idempotency "
                     + "WHERE repository = ? AND message_key = ? AND expires_at > ?")) {
            query.setString(1, repositoryName);
            query.setString(2, stored(key));
            query.setLong(3, clock.millis());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("read", key, e);
        }
    }

    @Override
    public boolean remove(String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM emarsys_idempotency WHERE repository = ? AND message_key = ?")) {
            delete.setString(1, repositoryName);
            delete.setString(2, stored(key));
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failure("remove", key, e);
        }
    }

    @Override
    public boolean confirm(String key) {
        return true; // a key counts from its add: nothing to confirm
    }

    @Override
    public void clear() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM emarsys_idempotency WHERE repository = ?")) {
            delete.setString(1, repositoryName);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("clear", repositoryName, e);
        }
    }

    /** Deletes the expired keys of every repository in the table; returns how many. */
    public int purge() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM emarsys_idempotency WHERE expires_at <= ?")) {
            delete.setLong(1, clock.millis());
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw failure("purge", "expired keys", e);
        }
    }

    @Override
    protected void doStart() {
        if (dataSource == null) {
            if (camelContext == null) {
                throw new IllegalStateException("JdbcIdempotentRepository " + repositoryName
                        + " has neither a dataSource nor a Camel context to find the store (emarsysStore) in");
            }
            dataSource = EmarsysStore.of(camelContext);
        }
        Runnable purge = () -> {
            try {
                int purged = purge();
                LOG.debug("Purged {} expired idempotency keys", purged);
            } catch (RuntimeException e) {
                LOG.warn("Purging the expired idempotency keys failed (retried in {}): {}", purgeInterval, e.getMessage());
            }
        };
        purger = camelContext != null
                ? camelContext.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "EmarsysIdempotencyPurge")
                : java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        purger.scheduleWithFixedDelay(purge, 0, purgeInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() {
        if (purger != null) {
            if (camelContext != null) {
                camelContext.getExecutorServiceManager().shutdownNow(purger);
            } else {
                purger.shutdownNow();
            }
            purger = null;
        }
    }

    private static String stored(String key) {
        if (key.length() <= MAX_PLAIN_KEY) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private IllegalStateException failure(String what, String key, SQLException e) {
        return new IllegalStateException("Cannot " + what + " the idempotency key '" + key + "' of " + repositoryName
                + " in the store (table emarsys_idempotency): " + e.getMessage(), e);
    }

    private static Duration parse(String name, String value) {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not an ISO-8601 duration: write it like P7D "
                    + "(seven days) or PT12H (twelve hours)");
        }
    }

    private static Duration positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " '" + value + "' must be a positive duration, such as P7D");
        }
        return value;
    }

    @Override
    public String toString() {
        return "JdbcIdempotentRepository[" + repositoryName + ", retention " + retention + ", " + dataSource + "]";
    }
}
