package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Profiles and their keys in JDBC (tables emarsys_profile and emarsys_profile_key, migration db/store/V1__profiles.sql;
 * emarsys_profile_due, the profiles not published yet, V4).
 * Works a chunk at a time: the keys of a chunk are read in one statement per key type ({@link BatchLookup}), its
 * profiles likewise, and its writes go in batches in one transaction, checked by the {@link ImportFence} just before it commits. Statements are
 * prepared once per store (one store per run; {@link #close()} at its end).
 */
public final class ProfileStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader PROFILE_READER = JSON.readerFor(Profile.class);
    private static final ObjectWriter PROFILE_WRITER = JSON.writerFor(Profile.class);

    /**
     * Values per look-up statement on H2 (a VALUES list of fixed length, see {@link BatchLookup}), and profile ids per
     * statement: a list of fixed length (a short one padded with its last value), so that it is prepared once.
     */
    static final int IN_LIST = 1000;
    /** A timestamp as COPY reads it (microseconds, PostgreSQL's precision). */
    private static final DateTimeFormatter COPY_TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
    private static final String PROFILES_OF = "SELECT profile_id, data_hash, data FROM emarsys_profile WHERE profile_id IN ("
            + placeholders(IN_LIST) + ")";
    private static final String INSERT_PROFILE = "INSERT INTO emarsys_profile (profile_id, created_at, updated_at, data_hash, data) VALUES (?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, ?, ?)";
    private static final String UPDATE_PROFILE = "UPDATE emarsys_profile SET data = ?, data_hash = ?, updated_at = CURRENT_TIMESTAMP WHERE profile_id = ?";
    private static final String DELETE_PROFILE = "DELETE FROM emarsys_profile WHERE profile_id = ?";
    private static final String INSERT_KEY = "INSERT INTO emarsys_profile_key (key_type, key_value, profile_id) VALUES (?, ?, ?)";
    private static final String UPDATE_KEY = "UPDATE emarsys_profile_key SET profile_id = ? WHERE key_type = ? AND key_value = ?";
    /** The profiles due for publishing, from the table that holds only those (V4), so that the look-up costs what changed. */
    private static final String UNPUBLISHED = "SELECT p.profile_id, p.data_hash, p.data FROM emarsys_profile_due d "
            + "JOIN emarsys_profile p ON p.profile_id = d.profile_id WHERE d.profile_id > ? ORDER BY d.profile_id FETCH FIRST ? ROWS ONLY";
    private static final String INSERT_DUE = "INSERT INTO emarsys_profile_due (profile_id, data_hash) VALUES (?, ?)";
    private static final String DELETE_DUE = "DELETE FROM emarsys_profile_due WHERE profile_id = ?";
    /** Published: its due row goes, if the content published is still the content due (the profile row is not written). */
    private static final String MARK_PUBLISHED = "DELETE FROM emarsys_profile_due WHERE profile_id = ? AND data_hash = ?";
    /** The new profiles of a chunk saved and not published yet: a row of emarsys_state, their smallest id (see {@link #write}). */
    private static final String PENDING = "SELECT state_value FROM emarsys_state WHERE name = ?";
    private static final String ADD_PENDING = "INSERT INTO emarsys_state (name, state_value, updated_at) VALUES (?, ?, CURRENT_TIMESTAMP)";
    private static final String SET_PENDING = "UPDATE emarsys_state SET state_value = ?, updated_at = CURRENT_TIMESTAMP WHERE name = ?";
    private static final String DROP_PENDING = "DELETE FROM emarsys_state WHERE name = ?";
    /**
     * A pending chunk's new profiles made due one by one (after a run that stopped before it published the chunk): the
     * ids sort by creation time, so they are the ids from the chunk's smallest on, a range of the primary key.
     */
    private static final String DUE_FROM = "INSERT INTO emarsys_profile_due (profile_id, data_hash) SELECT p.profile_id, "
            + "p.data_hash FROM emarsys_profile p WHERE p.profile_id >= ? AND NOT EXISTS "
            + "(SELECT 1 FROM emarsys_profile_due d WHERE d.profile_id = p.profile_id)";
    /** The key of the pending chunk's row in emarsys_state when a store is made without an import (tests). */
    static final String PENDING_KEY = "profiles.pending";
    private static final String SAVE_PUBLISHED = "UPDATE emarsys_profile SET data = ?, data_hash = ?, published_hash = ?, updated_at = CURRENT_TIMESTAMP WHERE profile_id = ?";

    /** A stitching key: its type ("contact", "email", "phone") and normalized value. */
    public record Key(String type, String value) {
    }

    /**
     * A profile as read or saved, with the hash of its stored content (to tell whether a chunk changed it), that
     * content, its JSON (published as it is unless the profile changed since; null when not at hand), and for a
     * profile a chunk created, the pending row that makes it due ({@link #write}); null for a profile that is due by
     * its own row in emarsys_profile_due (read from it, or changed by a chunk).
     */
    public record Stored(Profile profile, long hash, String data, String pendingFrom) {
        public Stored(Profile profile, long hash, String data) {
            this(profile, hash, data, null);
        }
    }

    /** The writes of one chunk; {@link #write(ChunkWrites)} applies them in one transaction. */
    public static final class ChunkWrites {
        /** profile id -> its data (JSON). */
        final Map<String, String> inserts = new LinkedHashMap<>();
        final Map<String, String> updates = new LinkedHashMap<>();
        final List<String> deletes = new ArrayList<>();
        final Map<Key, String> keyInserts = new LinkedHashMap<>();
        final Map<Key, String> keyUpdates = new LinkedHashMap<>();

        boolean isEmpty() {
            return inserts.isEmpty() && updates.isEmpty() && deletes.isEmpty() && keyInserts.isEmpty() && keyUpdates.isEmpty();
        }
    }

    /** One page of unpublished profiles; returns the profiles it changed, saved (as published) with the page. */
    @FunctionalInterface
    public interface UnpublishedPage {
        List<Profile> handle(List<Profile> page);
    }

    private final Connection connection;
    private final ImportFence fence;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final String pendingKey;
    /** A chunk's keys of one type, looked up at once. */
    private final BatchLookup keys;
    /** On PostgreSQL, a chunk's new profiles and keys go by COPY (see {@link CopyIn}); null on H2: batched INSERTs. */
    private final CopyIn profileCopy;
    private final CopyIn keyCopy;

    /** A store only this instance writes to (tests of the stitching alone). */
    public ProfileStore(Connection connection) {
        this(connection, ImportFence.NONE);
    }

    public ProfileStore(Connection connection, ImportFence fence) {
        this(connection, fence, PENDING_KEY);
    }

    /** @param pendingKey the import's row in emarsys_state for its chunk saved and not yet published */
    public ProfileStore(Connection connection, ImportFence fence, String pendingKey) {
        this.connection = connection;
        this.fence = fence;
        this.pendingKey = pendingKey;
        this.keys = new BatchLookup(connection, "emarsys_profile_key", "key_type", "key_value",
                List.of("key_value", "profile_id"), IN_LIST);
        try {
            boolean postgreSql = BatchLookup.isPostgreSql(connection);
            this.profileCopy = postgreSql ? new CopyIn(connection, "emarsys_profile",
                    List.of("profile_id", "created_at", "updated_at", "data_hash", "data")) : null;
            this.keyCopy = postgreSql ? new CopyIn(connection, "emarsys_profile_key",
                    List.of("key_type", "key_value", "profile_id")) : null;
        } catch (SQLException e) {
            throw new IllegalStateException("Opening the profile store failed: " + e.getMessage(), e);
        }
    }

    public synchronized String profileOf(String keyType, String keyValue) {
        if (keyValue == null) {
            return null;
        }
        return profilesOf(List.of(new Key(keyType, keyValue))).get(new Key(keyType, keyValue));
    }

    public synchronized Profile load(String profileId) {
        Stored stored = loadAll(List.of(profileId)).get(profileId);
        return stored == null ? null : stored.profile();
    }

    /** The profile each key points to (keys that point nowhere are left out): a statement per key type (on H2 per thousand keys). */
    public synchronized Map<Key, String> profilesOf(Collection<Key> wanted) {
        Map<String, List<String>> byType = new LinkedHashMap<>();
        for (Key key : wanted) {
            byType.computeIfAbsent(key.type(), t -> new ArrayList<>()).add(key.value());
        }
        Map<Key, String> found = new HashMap<>();
        try {
            for (Map.Entry<String, List<String>> type : byType.entrySet()) {
                keys.forEach(type.getKey(), type.getValue(),
                        row -> found.put(new Key(type.getKey(), row.getString(1)), row.getString(2)));
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("Reading profile keys failed: " + e.getMessage(), e);
        }
    }

    /** The stored profiles of these ids (ids without one are left out): a statement per thousand ids. */
    public synchronized Map<String, Stored> loadAll(Collection<String> profileIds) {
        Map<String, Stored> loaded = new HashMap<>();
        if (profileIds.isEmpty()) {
            return loaded;
        }
        try {
            PreparedStatement query = statement(PROFILES_OF);
            for (List<String> ids : slices(new ArrayList<>(profileIds))) {
                for (int i = 0; i < IN_LIST; i++) {
                    query.setString(1 + i, ids.get(Math.min(i, ids.size() - 1)));
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        String data = rs.getString(3);
                        loaded.put(rs.getString(1), new Stored(PROFILE_READER.readValue(data), rs.getLong(2), data));
                    }
                }
            }
            return loaded;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading profiles failed: " + e.getMessage(), e);
        }
    }

    /** The stored form of a profile: its JSON. */
    static String data(Profile profile) {
        try {
            return PROFILE_WRITER.writeValueAsString(profile);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Writing profile " + profile.profileId + " as JSON failed: " + e.getMessage(), e);
        }
    }

    /** The hash of a profile's stored form, compared with the stored one to tell a change. */
    static long hash(String data) {
        return data.hashCode() * 31L + data.length();
    }

    /**
     * Applies one chunk's writes in one transaction: batched inserts, updates and deletes; the fence is checked just
     * before the commit. A key update that finds no row (a key the chunk believed stored) becomes an insert. Returns
     * the pending row's value for the chunk's new profiles (see below), or null when it created none.
     * <p>
     * The chunk's new and changed profiles are due for publishing. A changed profile gets a row of its own in
     * emarsys_profile_due, as before. The new ones (all of them in a first run) do not: one row of emarsys_state, the
     * pending chunk, holds the smallest of their ids, and {@link #markPublished} deletes it once the chunk is
     * published. Profile ids sort by creation time, so if a run stops before that, {@link #recoverPending} makes the
     * profiles from that id on due, one row each, by a range of the primary key. So publishing the new profiles of a
     * chunk costs two writes, not two per profile.
     */
    public synchronized String write(ChunkWrites writes) {
        if (writes.isEmpty()) {
            return null;
        }
        String firstNew = writes.inserts.keySet().stream().min(String::compareTo).orElse(null);
        inTransaction("Saving a chunk of " + (writes.inserts.size() + writes.updates.size()) + " profiles", () -> {
            if (firstNew != null) {
                addPending(firstNew);
            }
            if (!writes.inserts.isEmpty() && profileCopy != null) {
                copyProfiles(writes.inserts);
            } else if (!writes.inserts.isEmpty()) {
                PreparedStatement insert = statement(INSERT_PROFILE);
                for (Map.Entry<String, String> profile : writes.inserts.entrySet()) {
                    String data = profile.getValue();
                    insert.setString(1, profile.getKey());
                    insert.setLong(2, hash(data));
                    insert.setString(3, data);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            if (!writes.updates.isEmpty()) {
                PreparedStatement update = statement(UPDATE_PROFILE);
                for (Map.Entry<String, String> profile : writes.updates.entrySet()) {
                    String data = profile.getValue();
                    update.setString(1, data);
                    update.setLong(2, hash(data));
                    update.setString(3, profile.getKey());
                    update.addBatch();
                }
                update.executeBatch();
                batch(DELETE_DUE, writes.updates.keySet()); // due already, or published before: due once
                due(writes.updates);
            }
            if (!writes.deletes.isEmpty()) {
                PreparedStatement delete = statement(DELETE_PROFILE);
                for (String profileId : writes.deletes) {
                    delete.setString(1, profileId);
                    delete.addBatch();
                }
                delete.executeBatch();
                batch(DELETE_DUE, writes.deletes);
            }
            Map<Key, String> keyInserts = new LinkedHashMap<>(writes.keyInserts);
            if (!writes.keyUpdates.isEmpty()) {
                PreparedStatement update = statement(UPDATE_KEY);
                List<Map.Entry<Key, String>> entries = new ArrayList<>(writes.keyUpdates.entrySet());
                for (Map.Entry<Key, String> entry : entries) {
                    update.setString(1, entry.getValue());
                    update.setString(2, entry.getKey().type());
                    update.setString(3, entry.getKey().value());
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    if (counts[i] == 0) {
                        keyInserts.put(entries.get(i).getKey(), entries.get(i).getValue());
                    }
                }
            }
            if (!keyInserts.isEmpty() && keyCopy != null) {
                keyCopy.copy(rows -> {
                    for (Map.Entry<Key, String> entry : keyInserts.entrySet()) {
                        rows.add(entry.getKey().type(), entry.getKey().value(), entry.getValue());
                    }
                });
            } else if (!keyInserts.isEmpty()) {
                PreparedStatement insert = statement(INSERT_KEY);
                for (Map.Entry<Key, String> entry : keyInserts.entrySet()) {
                    insert.setString(1, entry.getKey().type());
                    insert.setString(2, entry.getKey().value());
                    insert.setString(3, entry.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
        return firstNew;
    }

    /**
     * A chunk's new profiles by COPY. COPY takes no expressions, so the time is the JVM's (as the JDBC driver renders a
     * timestamp parameter, in this JVM's time zone), one for the chunk as CURRENT_TIMESTAMP is one per transaction.
     */
    private void copyProfiles(Map<String, String> inserts) throws SQLException {
        String now = LocalDateTime.now().format(COPY_TIMESTAMP);
        profileCopy.copy(rows -> {
            for (Map.Entry<String, String> profile : inserts.entrySet()) {
                String data = profile.getValue();
                rows.add(profile.getKey(), now, now, Long.toString(hash(data)), data);
            }
        });
    }

    /**
     * Hands every profile whose content was not published yet to {@code consumer}, page by page (bounded memory
     * whatever the number), and marks them published.
     */
    public synchronized int forEachUnpublished(Consumer<Profile> consumer) {
        return forEachUnpublishedPage(1000, page -> {
            page.forEach(consumer);
            return List.of();
        });
    }

    /**
     * Hands the profiles whose content was not published yet to {@code handler} in pages of {@code pageSize} (each page
     * its own short statement, so no cursor stays open), then marks each page published ({@link #markPublished}).
     */
    public synchronized int forEachUnpublishedPage(int pageSize, UnpublishedPage handler) {
        String after = "";
        int count = 0;
        while (true) {
            List<Stored> page = unpublishedPage(after, pageSize);
            if (page.isEmpty()) {
                return count;
            }
            List<Profile> profiles = new ArrayList<>(page.size());
            page.forEach(stored -> profiles.add(stored.profile()));
            markPublished(page, handler.handle(profiles));
            count += page.size();
            after = profiles.get(profiles.size() - 1).profileId;
        }
    }

    /**
     * Up to {@code pageSize} profiles whose content was not published yet, with the hash of their stored content, in
     * the order of their ids, after the id {@code after} ("" for the first page).
     */
    public synchronized List<Stored> unpublishedPage(String after, int pageSize) {
        if (after.isEmpty()) {
            recoverPending();
        }
        List<Stored> page = new ArrayList<>(pageSize);
        try {
            PreparedStatement query = statement(UNPUBLISHED);
            query.setString(1, after);
            query.setInt(2, pageSize);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    String data = rs.getString(3);
                    page.add(new Stored(PROFILE_READER.readValue(data), rs.getLong(2), data));
                }
            }
            return page;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading unpublished profiles failed: " + e.getMessage(), e);
        }
    }

    /**
     * In one transaction (checked by the fence): marks these profiles published with the content they had when read
     * or saved ({@code published}; a profile whose content changed since stays due), and saves {@code rewritten},
     * profiles the publisher changed (their opt-ins written back), as published with their new content. Marking
     * deletes due rows, or for the profiles of a chunk ({@link Stored#savedAt()}) the pending chunk's row; no profile
     * row is written again.
     */
    public synchronized void markPublished(Collection<Stored> published, Collection<Profile> rewritten) {
        if (published.isEmpty() && rewritten.isEmpty()) {
            return;
        }
        inTransaction("Marking " + published.size() + " profiles published", () -> {
            java.util.Set<String> saved = new java.util.HashSet<>();
            if (!rewritten.isEmpty()) {
                PreparedStatement save = statement(SAVE_PUBLISHED);
                for (Profile profile : rewritten) {
                    String data = data(profile);
                    long hash = hash(data);
                    save.setString(1, data);
                    save.setLong(2, hash);
                    save.setLong(3, hash);
                    save.setString(4, profile.profileId);
                    save.addBatch();
                    saved.add(profile.profileId);
                }
                save.executeBatch();
            }
            PreparedStatement mark = statement(MARK_PUBLISHED);
            int marks = 0;
            String chunk = null;
            for (Stored stored : published) {
                if (stored.pendingFrom() != null) {
                    chunk = stored.pendingFrom(); // due by the pending chunk, not by a row of its own
                } else if (!saved.contains(stored.profile().profileId)) {
                    mark.setString(1, stored.profile().profileId);
                    mark.setLong(2, stored.hash());
                    mark.addBatch();
                    marks++;
                }
            }
            if (marks > 0) {
                mark.executeBatch();
            }
            if (chunk != null && chunk.equals(pending())) {
                PreparedStatement drop = statement(DROP_PENDING);
                drop.setString(1, pendingKey);
                drop.executeUpdate();
            }
            batch(DELETE_DUE, saved);
        });
    }

    /**
     * If a run stopped after it saved a chunk and before it published it (Kafka down, the process killed), makes the
     * chunk's new profiles due, one row each: the profiles from its smallest id on (a range of the primary key, so it
     * reads the profiles created since, not the store), and forgets the pending chunk.
     */
    public synchronized void recoverPending() {
        try {
            if (pending() == null) {
                return;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the pending chunk failed: " + e.getMessage(), e);
        }
        inTransaction("Making the profiles of an unpublished chunk due", () -> {
            String from = pending();
            if (from == null) {
                return;
            }
            PreparedStatement due = statement(DUE_FROM);
            due.setString(1, from);
            due.executeUpdate();
            PreparedStatement drop = statement(DROP_PENDING);
            drop.setString(1, pendingKey);
            drop.executeUpdate();
        });
    }

    /** The smallest id of the pending chunk's new profiles, or null when every chunk saved is published. */
    private String pending() throws SQLException {
        PreparedStatement query = statement(PENDING);
        query.setString(1, pendingKey);
        try (ResultSet rs = query.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /**
     * Records a chunk whose new profiles start at {@code firstNew} as pending; if an earlier chunk still is, the row
     * keeps the smaller id, so that it covers both.
     */
    private void addPending(String firstNew) throws SQLException {
        String pending = pending();
        if (pending != null && pending.compareTo(firstNew) <= 0) {
            return;
        }
        PreparedStatement write = statement(pending == null ? ADD_PENDING : SET_PENDING);
        if (pending == null) {
            write.setString(1, pendingKey);
            write.setString(2, firstNew);
        } else {
            write.setString(1, firstNew);
            write.setString(2, pendingKey);
        }
        write.executeUpdate();
    }

    public synchronized int count() {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM emarsys_profile");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("Counting profiles failed: " + e.getMessage(), e);
        }
    }

    /** Closes the statements this store prepared (the connection is not the store's). */
    @Override
    public synchronized void close() {
        keys.close();
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing: nothing left to save
            }
        }
        prepared.clear();
    }

    private static String placeholders(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    /** The values in slices of at most {@link #IN_LIST}. */
    private static List<List<String>> slices(List<String> values) {
        List<List<String>> slices = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_LIST) {
            slices.add(values.subList(from, Math.min(values.size(), from + IN_LIST)));
        }
        return slices;
    }

    /** Makes these profiles (id -> stored content) due for publishing with the hash of that content. */
    private void due(Map<String, String> profiles) throws SQLException {
        PreparedStatement insert = statement(INSERT_DUE);
        for (Map.Entry<String, String> profile : profiles.entrySet()) {
            insert.setString(1, profile.getKey());
            insert.setLong(2, hash(profile.getValue()));
            insert.addBatch();
        }
        insert.executeBatch();
    }

    /** Runs {@code sql}, a statement of one string parameter, for each value, as one batch. */
    private void batch(String sql, Collection<String> values) throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        PreparedStatement statement = statement(sql);
        for (String value : values) {
            statement.setString(1, value);
            statement.addBatch();
        }
        statement.executeBatch();
    }

    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = prepared.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            prepared.put(sql, statement);
        }
        return statement;
    }

    @FunctionalInterface
    private interface Work {
        void run() throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction that the fence checks just before the commit ({@link FencedTransactions}).
     */
    private void inTransaction(String what, Work work) {
        FencedTransactions.run(connection, what, () -> {
            work.run();
            FencedTransactions.commit(connection, fence);
            return null;
        });
    }
}
