package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelemarsys.component.export.ExportRows;
import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/**
 * The members of a changes run in the store: each import keeps only its own current members' rows of a changes
 * export (by the contact id of the export's user_id column, as the members replies list them), in the chunks a
 * row-by-row filter makes. On H2 and on PostgreSQL.
 */
class ImportMembersTest {

    /** A changes export of these contact ids (user_id first, then the fields), read from CSV pages as the component reads them. */
    private static ExportRows changesExport(List<Integer> contactIds) {
        ExportRows.Part part = new ExportRows.Part("changes-1", true, List.of("email", "First Name"), 0);
        return new ExportRows((exportId, offset, limit) -> {
            StringBuilder csv = new StringBuilder("user_id,E-mail,First Name\r\n");
            for (long i = offset; i < Math.min(contactIds.size(), offset + limit); i++) {
                int id = contactIds.get((int) i);
                csv.append(id).append(",c").append(id).append("@example.com,Name ").append(id).append("\r\n");
            }
            return new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8));
        }, List.of(part), 3);
    }

    /** Every chunk as the e-mails of its rows (the contact of a row is its e-mail). */
    private static List<List<String>> chunks(RowChunks chunks) {
        List<List<String>> all = new ArrayList<>();
        chunks.forEachRemaining(chunk -> all.add(chunk.stream().map(Stitcher.Row::contactId).toList()));
        return all;
    }

    private static List<Integer> ids(int from, int to) {
        return IntStream.rangeClosed(from, to).boxed().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aChangesExportKeepsOnlyTheRowsOfThisImportsCurrentMembers(String kind) throws Exception {
        try (EmarsysStore store = TestStores.open(ImportMembersTest.class, kind);
             Connection connection = store.getConnection();
             ImportMembers shopA = new ImportMembers(connection, new ImportName("shop-a"), 2);
             ImportMembers shopB = new ImportMembers(connection, new ImportName("shop-b"), 2)) {
            // shop-a's first run: 1, 3, 5 and 7 (5 listed twice, as a segment paged while it changes may list it)
            assertEquals(4, shopA.replace(List.of("1", "3", "5", "5", "7").iterator(), ImportFence.NONE));
            // shop-b shares the store: 2 and 6
            assertEquals(2, shopB.replace(List.of("2", "6").iterator(), ImportFence.NONE));
            // shop-a's second run: fewer members, 5 and 7 only; 1 and 3 are members no more
            assertEquals(2, shopA.replace(List.of("5", "7").iterator(), ImportFence.NONE));

            RowChunks chunks = new RowChunks(changesExport(ids(1, 8)), 2, shopA, "email");
            assertEquals(List.of(List.of("c5@example.com", "c7@example.com")), chunks(chunks),
                    "only shop-a's current members: not its former ones (1, 3), not shop-b's (2, 6), not 4 or 8");
            assertEquals(6, chunks.skipped());

            RowChunks chunksOfB = new RowChunks(changesExport(ids(1, 8)), 2, shopB, "email");
            assertEquals(List.of(List.of("c2@example.com", "c6@example.com")), chunks(chunksOfB),
                    "shop-b's members are untouched by shop-a's runs");
        }
    }

    /** The chunks are those of a row-by-row filter: full chunks of members, in the export's order, over many look-ups. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void theChunksAreThoseOfFilteringRowByRow(String kind) throws Exception {
        try (EmarsysStore store = TestStores.open(ImportMembersTest.class, kind);
             Connection connection = store.getConnection();
             ImportMembers members = new ImportMembers(connection, new ImportName("segment-import"), 4)) {
            List<String> memberIds = new ArrayList<>();
            for (int id = 1; id <= 12_000; id++) {
                if (id % 3 == 0 || id % 7 == 0) {
                    memberIds.add(Integer.toString(id));
                }
            }
            assertTrue(memberIds.size() > ImportMembers.WRITE_BATCH, "the members span write batches");
            // a member listed again in a later batch (a segment that changed while it was paged through) counts once
            List<String> listed = new ArrayList<>(memberIds);
            listed.add("3");
            assertEquals(memberIds.size(), members.replace(listed.iterator(), ImportFence.NONE));

            List<List<String>> expected = new ArrayList<>();
            List<String> chunk = new ArrayList<>();
            for (int id = 1; id <= 60; id++) {
                if (memberIds.contains(Integer.toString(id))) {
                    chunk.add("c" + id + "@example.com");
                    if (chunk.size() == 4) {
                        expected.add(chunk);
                        chunk = new ArrayList<>();
                    }
                }
            }
            expected.add(chunk);
            RowChunks chunks = new RowChunks(changesExport(ids(1, 60)), 4, members, "email");
            assertEquals(expected, chunks(chunks));
            assertEquals(60 - 26, chunks.skipped(), "60 rows, 26 of members");
        }
    }

    /** A run that lost the import's leadership stores nothing: the members of the run before it stay. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aRunPastItsFenceLeavesTheMembersAsTheyWere(String kind) throws Exception {
        try (EmarsysStore store = TestStores.open(ImportMembersTest.class, kind);
             Connection connection = store.getConnection();
             ImportMembers members = new ImportMembers(connection, new ImportName("shop-a"), 3)) {
            members.replace(List.of("1", "2").iterator(), ImportFence.NONE);
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> members.replace(
                    List.of("3").iterator(), c -> {
                        throw new SQLException("the lease is held by another instance");
                    }));
            assertTrue(refused.getMessage().contains("import shop-a") && refused.getMessage()
                    .contains("the lease is held by another instance"), refused.getMessage());
            assertEquals(Set.of("1", "2"), members.among(List.of("1", "2", "3")));
            assertTrue(connection.getAutoCommit(), "the connection's auto-commit is given back");
        }
    }
}
