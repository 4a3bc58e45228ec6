package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stitching rule, case by case, on an in-memory H2 profile store. */
class StitcherTest {

    private Connection connection;
    private ProfileStore store;
    private Stitcher stitcher;
    private Stitcher.Result result;

    @BeforeEach
    void freshStore() throws Exception {
        connection = ProfileTables.fresh("stitch");
        store = new ProfileStore(connection);
        stitcher = new Stitcher(store, new ContactKeys("DE"));
        result = new Stitcher.Result();
    }

    private void row(String contactId, String email, String phone, String optIn) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", email);
        fields.put("phone", phone);
        fields.put("optin", optIn);
        stitcher.add(result, contactId, fields, "email", List.of("phone"), "optin");
    }

    private Profile profileOfContact(String contactId) {
        return store.load(store.profileOf("contact", contactId));
    }

    @Test
    void sameEmailDifferentPhoneIsOneProfile() {
        row("1", " Ann@Example.com ", "030 1234567", "True");
        row("2", "ann@example.com", "+49 89 7654321", "False");
        Profile profile = profileOfContact("1");
        assertEquals(profile.profileId, profileOfContact("2").profileId);
        assertEquals(List.of("+49301234567", "+49897654321"), List.copyOf(profile.phones));
        assertEquals(List.of("ann@example.com"), List.copyOf(profile.emails));
        assertEquals("False", profile.optIn, "the latest row's opt-in");
        assertEquals(1, store.count());
    }

    @Test
    void samePhoneDifferentEmailIsOneProfile() {
        row("1", "bob@example.com", "+49 30 1234567", null);
        row("2", "robert@example.org", "030/1234567", null);
        assertEquals(profileOfContact("1").profileId, profileOfContact("2").profileId);
        assertEquals(2, profileOfContact("1").emails.size());
    }

    @Test
    void aChainMergesTwoProfilesIntoTheOlderOne() {
        row("1", "c1@example.com", "+49 30 1111111", null);
        row("2", "c2@example.com", "+49 30 2222222", null);
        String older = profileOfContact("1").profileId;
        assertNotEquals(older, profileOfContact("2").profileId);
        row("3", "c1@example.com", "+49 30 2222222", null); // shares an e-mail with 1 and a phone with 2
        assertEquals(1, result.merges);
        assertEquals(older, profileOfContact("2").profileId, "the older profile's id is kept");
        assertEquals(older, profileOfContact("3").profileId);
        assertEquals(1, store.count());
        assertEquals(3, store.load(older).contacts.size());
    }

    @Test
    void invalidPhonesAreNoKeys() {
        row("1", "d1@example.com", "12", null);
        row("2", "d2@example.com", "12", null);
        assertNotEquals(profileOfContact("1").profileId, profileOfContact("2").profileId);
        assertTrue(profileOfContact("1").phones.isEmpty());
        assertNull(new ContactKeys("DE").phone("not a number"));
    }

    @Test
    void anUnchangedRowDoesNotChangeTheProfile() {
        row("1", "e@example.com", null, "True");
        assertEquals(1, store.forEachUnpublished(p -> { }), "new: due for publishing");
        Stitcher.Result again = new Stitcher.Result();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("email", "e@example.com");
        fields.put("phone", null);
        fields.put("optin", "True");
        stitcher.add(again, "1", fields, "email", List.of("phone"), "optin");
        assertEquals(0, again.changes);
        assertEquals(0, store.forEachUnpublished(p -> { }), "same content: not published again");
    }

    @Test
    void aContactIdThatIsTheEmailIsOneKey() throws Exception {
        row("f@example.com", "F@Example.com", "+49 30 5555555", null);
        assertEquals(List.of("email:f@example.com", "phone:+49305555555"), keyRows());
        // a later row that names the contact by its id finds the profile through the e-mail key
        row("f@example.com", "other@example.com", null, null);
        assertEquals(1, store.count());
        assertEquals(List.of("f@example.com", "other@example.com"), List.copyOf(store.load(
                store.profileOf("email", "other@example.com")).emails));
    }

    @Test
    void onlyProfilesWhoseContentWasNotPublishedAreDue() throws Exception {
        row("1", "g1@example.com", null, null);
        row("2", "g2@example.com", null, null);
        assertEquals(2, due());
        List<ProfileStore.Stored> page = store.unpublishedPage("", 10);
        assertEquals(2, page.size());
        row("2", "g2@example.com", "+49 30 6666666", null); // changed after it was read: its new content stays due
        store.markPublished(page, List.of());
        assertEquals(1, due());
        assertEquals("g2@example.com", store.unpublishedPage("", 10).get(0).profile().emails.iterator().next());
        assertEquals(1, store.forEachUnpublished(p -> { }));
        assertEquals(0, due());
    }

    @Test
    void aChunkIsDueByOneRowUntilItIsPublished() throws Exception {
        List<ProfileStore.Stored> saved = chunk("h1", "h2", "h3");
        assertEquals(3, saved.size());
        assertEquals(0, dueRows(), "no row per new profile");
        assertEquals(1, pendingRows(), "one row for the chunk");
        store.markPublished(saved, List.of());
        assertEquals(0, pendingRows());
        assertEquals(0, due());
        row("h1@example.com", "h1@example.com", "+49 30 7777777", null); // a changed profile: a row of its own
        assertEquals(1, dueRows());
        assertEquals(0, pendingRows());
    }

    @Test
    void aChunkSavedAndNotPublishedIsPublishedByTheNextRun() throws Exception {
        store.markPublished(chunk("i1", "i2"), List.of());
        // the run stops after this chunk is saved, before it is published: i1 changed, i3 and i4 new
        Map<String, Object> changed = new LinkedHashMap<>();
        changed.put("email", "i1@example.com");
        changed.put("city", "Graz");
        List<Stitcher.Row> rows = new java.util.ArrayList<>(List.of(new Stitcher.Row("i1@example.com", changed)));
        rows.addAll(rowsOf("i3", "i4"));
        assertEquals(3, stitcher.addAll(result, rows, "email", List.of(), null).size());
        ProfileStore nextRun = new ProfileStore(connection);
        nextRun.recoverPending();
        assertEquals(0, pendingRows());
        List<String> due = new java.util.ArrayList<>();
        nextRun.forEachUnpublished(p -> due.add(p.emails.iterator().next()));
        assertEquals(List.of("i1@example.com", "i3@example.com", "i4@example.com"), due.stream().sorted().toList(),
                "the chunk not published, and only that one");
    }

    @Test
    void anOlderUnpublishedChunkStaysPendingWhenALaterOneIsPublished() throws Exception {
        chunk("j1"); // not published
        store.markPublished(chunk("j2"), List.of());
        assertEquals(1, pendingRows(), "the older chunk still pending");
        List<String> due = new java.util.ArrayList<>();
        store.forEachUnpublished(p -> due.add(p.emails.iterator().next()));
        assertTrue(due.contains("j1@example.com"), due.toString());
    }

    /** One chunk of new contacts, one per name, saved and not marked published. */
    private List<ProfileStore.Stored> chunk(String... names) {
        return stitcher.addAll(result, rowsOf(names), "email", List.of(), null);
    }

    private static List<Stitcher.Row> rowsOf(String... names) {
        List<Stitcher.Row> rows = new java.util.ArrayList<>();
        for (String name : names) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("email", name + "@example.com");
            rows.add(new Stitcher.Row(name + "@example.com", fields));
        }
        return rows;
    }

    /** The profiles due for publishing, as the next page of the import reads them. */
    private int due() {
        return store.unpublishedPage("", 100).size();
    }

    private int pendingRows() throws Exception {
        try (java.sql.ResultSet rs = connection.createStatement().executeQuery(
                "SELECT COUNT(*) FROM emarsys_state WHERE name = '" + ProfileStore.PENDING_KEY + "'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void creationStampsSortAsTheirNumbers() {
        for (long[] pair : new long[][] {{1764470000123L, 7}, {0, 0}, {999_999_999_999_999L, 999_999_999L}, {42, 123456}}) {
            assertEquals(String.format("%015d-%09d", pair[0], pair[1]), Stitcher.createdAt(pair[0], pair[1]));
        }
        assertTrue(Stitcher.createdAt(1764470000123L, 10).compareTo(Stitcher.createdAt(1764470000123L, 9)) > 0);
    }

    private List<String> keyRows() throws Exception {
        List<String> keys = new java.util.ArrayList<>();
        try (java.sql.ResultSet rs = connection.createStatement().executeQuery(
                "SELECT key_type, key_value FROM emarsys_profile_key ORDER BY key_type, key_value")) {
            while (rs.next()) {
                keys.add(rs.getString(1) + ":" + rs.getString(2));
            }
        }
        return keys;
    }

    private int dueRows() throws Exception {
        try (java.sql.ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM emarsys_profile_due")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
