package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.TestStores;

/**
 * A chunk saved and not published (the run stopped in between) is published by the next run: its changed profiles
 * by their own due rows, its new ones by the range of ids from the pending row on, in the database's own order of
 * the ids. On H2 and on PostgreSQL; each import has its own pending row.
 */
class PendingChunkTest {

    private static List<Stitcher.Row> rows(String... emails) {
        List<Stitcher.Row> rows = new ArrayList<>();
        for (String email : emails) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("email", email);
            fields.put("city", "Vienna");
            rows.add(new Stitcher.Row(email, fields));
        }
        return rows;
    }

    private static List<String> due(ProfileStore store) {
        List<String> due = new ArrayList<>();
        store.forEachUnpublished(profile -> due.add(profile.emails.iterator().next()));
        return due.stream().sorted().toList();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void theNextRunPublishesTheChunkTheLastOneSavedAndNothingElse(String kind) throws Exception {
        try (EmarsysStore database = TestStores.open(PendingChunkTest.class, kind);
             Connection connection = database.getConnection()) {
            ProfileStore store = new ProfileStore(connection, ImportFence.NONE, "shop-a/profiles.pending");
            Stitcher stitcher = new Stitcher(store, new ContactKeys("DE"));
            Stitcher.Result result = new Stitcher.Result();
            List<Stitcher.Row> first = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                first.addAll(rows("old" + i + "@example.com"));
            }
            store.markPublished(stitcher.addAll(result, first, "email", List.of(), null), List.of());
            List<Stitcher.Row> stopped = rows("new1@example.com", "new2@example.com", "new3@example.com");
            Map<String, Object> changed = new LinkedHashMap<>(rows("old7@example.com").get(0).fields());
            changed.put("city", "Graz");
            stopped.add(new Stitcher.Row("old7@example.com", changed));
            assertEquals(4, stitcher.addAll(result, stopped, "email", List.of(), null).size());
            // another import on the same database: its recovery leaves this import's pending chunk alone
            ProfileStore other = new ProfileStore(connection, ImportFence.NONE, "shop-b/profiles.pending");
            other.recoverPending();
            ProfileStore nextRun = new ProfileStore(connection, ImportFence.NONE, "shop-a/profiles.pending");
            nextRun.recoverPending();
            assertEquals(List.of("new1@example.com", "new2@example.com", "new3@example.com", "old7@example.com"),
                    due(nextRun), "the stopped chunk's profiles, none of the 300 published before it");
            assertEquals(List.of(), due(nextRun), "published now");
        }
    }
}
