package io.camelemarsys.routes;

/** A fresh store for a test case, on H2 (in memory) or on the test PostgreSQL ({@link TestPostgres}). */
public final class TestStores {

    /** The kinds a store test runs on: {@code @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})}. */
    public static final String H2 = "h2";
    public static final String POSTGRESQL = "postgresql";

    private TestStores() {
    }

    /** The JDBC URL of a new, empty database of that kind. */
    public static String newDatabase(String kind, String purpose) {
        return switch (kind) {
            case H2 -> "jdbc:h2:mem:" + purpose + "-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
            case POSTGRESQL -> TestPostgres.newDatabase(purpose);
            default -> throw new IllegalArgumentException("No store kind " + kind + ": use h2 or postgresql");
        };
    }

    public static String user(String kind) {
        return POSTGRESQL.equals(kind) ? TestPostgres.user() : "";
    }

    /** A new EmarsysStore on a new database of that kind. */
    public static EmarsysStore open(String kind, String purpose) {
        return EmarsysStore.open(newDatabase(kind, purpose), user(kind), "");
    }
}
