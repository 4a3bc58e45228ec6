package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/**
 * The stitching rule across chunks: a chunk sees every earlier chunk, and the fence guards each chunk's commit. On H2
 * and on PostgreSQL, whose key look-ups take their keys as an array instead of a VALUES list.
 */
class StitcherChunkTest {

    /** The stores a case opened on PostgreSQL, closed after it (the class's database is emptied for the next). */
    private final List<EmarsysStore> opened = new ArrayList<>();

    private Connection freshDatabase(String kind) throws Exception {
        if (TestStores.H2.equals(kind)) {
            return ProfileTables.fresh("chunks");
        }
        EmarsysStore store = TestStores.open(StitcherChunkTest.class, kind);
        opened.add(store);
        return store.getConnection();
    }

    @AfterEach
    void closeStores() {
        opened.forEach(EmarsysStore::close);
    }

    private static Stitcher.Row row(String contactId, String email, String phone, String optIn) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("optin", optIn);
        fields.put("name", "name of " + contactId);
        return new Stitcher.Row(contactId, fields);
    }

    /** Filler rows with keys of their own, so that a chunk holds more than the rows a test is about. */
    private static List<Stitcher.Row> filler(int chunk, int count) {
        List<Stitcher.Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(row("f" + chunk + "-" + i, "f" + chunk + "-" + i + "@example.com", null, "True"));
        }
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aKeySeenInChunkOneAndChunkNineIsOneProfile(String kind) throws Exception {
        ProfileStore store = new ProfileStore(freshDatabase(kind));
        Stitcher stitcher = new Stitcher(store, new ContactKeys("DE"));
        Stitcher.Result result = new Stitcher.Result();
        for (int chunk = 1; chunk <= 9; chunk++) {
            List<Stitcher.Row> rows = filler(chunk, 10);
            if (chunk == 1) {
                rows.add(3, row("1", "ann@example.com", "+49 30 1234567", "True"));
            }
            if (chunk == 9) {
                rows.add(7, row("2", "ANN@example.com", "+49 89 7654321", "False"));
            }
            stitcher.addAll(result, rows, "email", List.of("phone"), "optin");
        }
        String profileId = store.profileOf("contact", "1");
        assertEquals(profileId, store.profileOf("contact", "2"), "the e-mail of chunk 1, seen again in chunk 9");
        assertEquals(profileId, store.profileOf("phone", "+49897654321"));
        Profile profile = store.load(profileId);
        assertEquals(List.of("+49301234567", "+49897654321"), List.copyOf(profile.phones));
        assertEquals("False", profile.optIn, "the latest row's opt-in");
        assertEquals(9 * 10 + 1, store.count());
        assertEquals(0, result.merges);
        assertEquals(92, result.rows);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aChainLinkingProfilesOfDifferentChunksMergesThemIntoTheOlder(String kind) throws Exception {
        ProfileStore store = new ProfileStore(freshDatabase(kind));
        Stitcher stitcher = new Stitcher(store, new ContactKeys("DE"));
        Stitcher.Result result = new Stitcher.Result();
        List<Stitcher.Row> first = filler(1, 5);
        first.add(row("1", "c1@example.com", "+49 30 1111111", "True"));
        stitcher.addAll(result, first, "email", List.of("phone"), "optin");
        List<Stitcher.Row> second = filler(2, 5);
        second.add(0, row("2", "c2@example.com", "+49 30 2222222", "False"));
        stitcher.addAll(result, second, "email", List.of("phone"), "optin");
        String older = store.profileOf("contact", "1");
        String younger = store.profileOf("contact", "2");
        assertNotEquals(older, younger);

        // chunk 5 shares an e-mail with the row of chunk 1 and a phone with the row of chunk 2
        for (int chunk = 3; chunk <= 4; chunk++) {
            stitcher.addAll(result, filler(chunk, 5), "email", List.of("phone"), "optin");
        }
        List<Stitcher.Row> fifth = filler(5, 5);
        fifth.add(2, row("3", "c1@example.com", "030 2222222", null));
        stitcher.addAll(result, fifth, "email", List.of("phone"), "optin");

        assertEquals(1, result.merges);
        assertNull(store.load(younger), "the younger profile is gone");
        for (String[] key : new String[][] {{"contact", "1"}, {"contact", "2"}, {"contact", "3"},
                {"email", "c1@example.com"}, {"email", "c2@example.com"}, {"phone", "+49301111111"},
                {"phone", "+49302222222"}}) {
            assertEquals(older, store.profileOf(key[0], key[1]), "key " + key[0] + " " + key[1]);
        }
        Profile merged = store.load(older);
        assertEquals(List.of("1", "2", "3"), List.copyOf(merged.contacts));
        assertEquals("True", merged.optIn, "row 3 has no opt-in: the older profile's stays");
        assertEquals(5 * 5 + 1, store.count());
    }

    /** Row by row on H2 and in chunks on each store: the same profiles. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void chunksStitchExactlyAsRowByRow(String kind) throws Exception {
        List<Stitcher.Row> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // e-mails repeat every 37 rows and phones every 53: chains that cross chunk boundaries
            String email = "p" + (i % 37) + "@example.com";
            String phone = i % 3 == 0 ? "+49 30 " + (1000000 + i % 53) : null;
            rows.add(row("c" + i, i % 5 == 0 ? null : email, phone, i % 2 == 0 ? "True" : "False"));
        }
        ProfileStore oneByOne = new ProfileStore(freshDatabase(TestStores.H2));
        Stitcher.Result single = new Stitcher.Result();
        Stitcher rowStitcher = new Stitcher(oneByOne, new ContactKeys("DE"));
        for (Stitcher.Row row : rows) {
            rowStitcher.add(single, row.contactId(), copy(row.fields()), "email", List.of("phone"), "optin");
        }
        ProfileStore chunked = new ProfileStore(freshDatabase(kind));
        Stitcher.Result inChunks = new Stitcher.Result();
        Stitcher chunkStitcher = new Stitcher(chunked, new ContactKeys("DE"));
        for (int from = 0; from < rows.size(); from += 23) {
            List<Stitcher.Row> chunk = new ArrayList<>();
            for (Stitcher.Row row : rows.subList(from, Math.min(rows.size(), from + 23))) {
                chunk.add(new Stitcher.Row(row.contactId(), copy(row.fields())));
            }
            chunkStitcher.addAll(inChunks, chunk, "email", List.of("phone"), "optin");
        }
        assertEquals(single.merges, inChunks.merges);
        assertEquals(oneByOne.count(), chunked.count());
        assertTrue(single.merges > 0, "the data has merges");
        assertEquals(contents(oneByOne), contents(chunked));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aFenceThatFailsRollsTheChunkBack(String kind) throws Exception {
        Connection connection = freshDatabase(kind);
        AtomicInteger checks = new AtomicInteger();
        ProfileStore store = new ProfileStore(connection, c -> {
            if (checks.incrementAndGet() > 1) {
                throw new SQLException("lease lost");
            }
        });
        Stitcher stitcher = new Stitcher(store, new ContactKeys("DE"));
        Stitcher.Result result = new Stitcher.Result();
        stitcher.addAll(result, filler(1, 4), "email", List.of("phone"), "optin");
        IllegalStateException failure = assertThrows(IllegalStateException.class,
                () -> stitcher.addAll(result, filler(2, 4), "email", List.of("phone"), "optin"));
        assertTrue(failure.getMessage().contains("lease lost"), failure.getMessage());
        assertEquals(2, checks.get(), "checked before each chunk's commit");
        assertEquals(4, store.count(), "the second chunk is rolled back");
        assertTrue(connection.getAutoCommit(), "the shared connection's auto-commit is restored");
    }

    private static Map<String, Object> copy(Map<String, Object> fields) {
        return new LinkedHashMap<>(fields);
    }

    /** Each profile's content without its id and creation time, in a comparable form. */
    private static TreeSet<String> contents(ProfileStore store) {
        TreeSet<String> contents = new TreeSet<>();
        store.forEachUnpublished(p -> contents.add(p.contacts + " " + p.emails + " " + p.phones + " " + p.fields + " "
                + p.optIns + " " + p.optIn));
        return contents;
    }
}
