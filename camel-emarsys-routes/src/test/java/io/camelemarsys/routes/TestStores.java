package io.camelemarsys.routes;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * An empty store for a test case, on H2 (in memory) or on the test PostgreSQL ({@link TestPostgres}). On PostgreSQL
 * a test class has one database (CI's rule: one database per test class, not per case), made on first use and
 * emptied for each case; H2's are in memory, a new one per case, and cost no server.
 */
public final class TestStores {

    /** The kinds a store test runs on: {@code @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})}. */
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    /** Test class name -> the URL of its PostgreSQL database. */
    private static final Map<String, String> POSTGRES_DATABASES = new HashMap<>();

    private TestStores() {
    }

    /**
     * The JDBC URL of an empty database of that kind for a case of {@code testClass}: on PostgreSQL the class's
     * database with its schema dropped and made again (no table, no migration history), so close the stores of the
     * case before; on H2 a new in-memory database.
     */
    public static synchronized String emptyDatabase(Class<?> testClass, String kind) {
        return switch (kind) {
            case H2 -> "jdbc:h2:mem:" + testClass.getSimpleName() + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> emptied(POSTGRES_DATABASES.computeIfAbsent(testClass.getName(),
                    name -> TestPostgres.newDatabase(testClass.getSimpleName())));
            default -> throw new IllegalArgumentException("No store kind " + kind + ": use h2 or postgresql");
        };
    }

    public static String user(String kind) {
        return POSTGRESQL.equals(kind) ? TestPostgres.user() : "";
    }

    /** A new EmarsysStore on an empty database of that kind for a case of {@code testClass}. */
    public static EmarsysStore open(Class<?> testClass, String kind) {
        return EmarsysStore.open(emptyDatabase(testClass, kind), user(kind), "");
    }

    private static String emptied(String url) {
        try (Connection connection = DriverManager.getConnection(url, TestPostgres.user(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA public CASCADE");
            statement.execute("CREATE SCHEMA public");
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot empty the test database " + url + ": " + e.getMessage(), e);
        }
    }
}
