package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/** COPY's text format round-trips every value, and a profile saved by COPY on PostgreSQL reads back as on H2. */
class CopyInTest {

    /** Values COPY's text format gives a meaning to, and some it does not. */
    private static final List<String> AWKWARD = List.of("tab\there", "line\nbreak", "carriage\rreturn", "back\\slash",
            "\\N", "{\"quoted\": \"a \\\"b\\\"\"}", "Zsófia Kovács", "emoji \uD83D\uDE00", "", " ");

    private final List<EmarsysStore> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(EmarsysStore::close);
    }

    private Connection postgreSql() throws SQLException {
        EmarsysStore store = TestStores.open(CopyInTest.class, TestStores.POSTGRESQL);
        opened.add(store);
        return store.getConnection();
    }

    @Test
    void writesTheTextFormat() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CopyIn.Rows rows = new CopyIn.Rows(3, out);
        rows.add("a\tb", "c\\d", null);
        rows.add("e\nf", "g\rh", "Zsófia");

        assertEquals("a\\tb\tc\\\\d\t\\N\ne\\nf\tg\\rh\tZsófia\n", out.toString(StandardCharsets.UTF_8));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> rows.add("only one"));
        assertEquals("1 values for 3 columns", wrong.getMessage());
    }

    @Test
    void everyValueReadsBackAsItWasCopied() throws Exception {
        try (Connection connection = postgreSql(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copied (n INTEGER PRIMARY KEY, v TEXT)");
            CopyIn copy = new CopyIn(connection, "copied", List.of("n", "v"));

            assertEquals(AWKWARD.size() + 1, copy.copy(rows -> {
                for (int i = 0; i < AWKWARD.size(); i++) {
                    rows.add(Integer.toString(i), AWKWARD.get(i));
                }
                rows.add(Integer.toString(AWKWARD.size()), null);
            }));
            List<String> read = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery("SELECT v FROM copied ORDER BY n")) {
                while (rs.next()) {
                    read.add(rs.getString(1));
                }
            }
            List<String> expected = new ArrayList<>(AWKWARD);
            expected.add(null);
            assertEquals(expected, read);
        }
    }

    @Test
    void aDuplicateKeyFailsTheCopyAndTheTransactionKeepsNothing() throws Exception {
        try (Connection connection = postgreSql(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copied (n INTEGER PRIMARY KEY, v TEXT)");
            CopyIn copy = new CopyIn(connection, "copied", List.of("n", "v"));
            connection.setAutoCommit(false);

            SQLException duplicate = assertThrows(SQLException.class, () -> copy.copy(rows -> {
                rows.add("1", "first");
                rows.add("1", "again");
            }));
            connection.rollback();
            connection.setAutoCommit(true);

            assertTrue(duplicate.getMessage().contains("duplicate key"), duplicate.getMessage());
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM copied")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void aFailureWhileWritingCancelsTheCopyAndTheConnectionGoesOn() throws Exception {
        try (Connection connection = postgreSql(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE copied (n INTEGER PRIMARY KEY, v TEXT)");
            CopyIn copy = new CopyIn(connection, "copied", List.of("n", "v"));

            SQLException failed = assertThrows(SQLException.class, () -> copy.copy(rows -> {
                rows.add("1", "first");
                rows.add("2");
            }));

            assertEquals("COPY copied (n, v) FROM STDIN failed: 1 values for 2 columns", failed.getMessage());
            try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM copied")) {
                rs.next();
                assertEquals(0, rs.getInt(1));
            }
        }
    }

    @Test
    void aProfileSavedByCopyReadsBackAsOnH2() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "tab\there@example.com");
        fields.put("phone", "+49 30 1234567");
        for (int i = 0; i < AWKWARD.size(); i++) {
            fields.put("field" + i, AWKWARD.get(i));
        }
        List<Stitcher.Row> chunk = List.of(new Stitcher.Row("c\\1", fields));

        Map<String, Object> onH2;
        try (Connection h2 = ProfileTables.fresh("copy")) {
            onH2 = savedAndLoaded(new ProfileStore(h2), chunk);
        }
        Map<String, Object> onPostgreSql;
        try (Connection connection = postgreSql()) {
            ProfileStore store = new ProfileStore(connection);
            onPostgreSql = savedAndLoaded(store, chunk);
            assertEquals(store.profileOf("contact", "c\\1"), store.profileOf("phone", "+49301234567"));
        }
        assertEquals(onH2, onPostgreSql);
        assertEquals("tab\there@example.com", ((List<?>) onPostgreSql.get("emails")).get(0));
    }

    /** Stitches the chunk into the store and reads the profile back, as comparable values (its id and time left out). */
    private static Map<String, Object> savedAndLoaded(ProfileStore store, List<Stitcher.Row> chunk) {
        Stitcher stitcher = new Stitcher(store, new ContactKeys("DE"));
        stitcher.addAll(new Stitcher.Result(), chunk, "email", List.of("phone"), "optin");
        Profile profile = store.load(store.profileOf("email", "tab\there@example.com"));
        Map<String, Object> comparable = new LinkedHashMap<>();
        comparable.put("contacts", List.copyOf(profile.contacts));
        comparable.put("emails", List.copyOf(profile.emails));
        comparable.put("phones", List.copyOf(profile.phones));
        comparable.put("fields", profile.fields);
        return comparable;
    }
}
