package io.camelemarsys.routes.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.camelemarsys.routes.importer.ProfileStore.Key;
import io.camelemarsys.routes.importer.ProfileStore.Stored;

/**
 * Stitches exported contacts into profiles. Rule: rows that share a normalized e-mail or an E.164 phone (or the same
 * contact id) belong to one profile; when a row links two profiles, they merge into the one created first (its id
 * stays; ties by id), keys and contacts are united, and field values of the later row win where they are not empty.
 * A profile's opt-in is the opt-in of the contact whose row came last. Invalid phones are not keys.
 * <p>
 * Rows go a chunk at a time: the chunk's keys and the profiles they point to are read at once, the rows are stitched
 * in order in memory (each row sees the rows before it, of this chunk and of earlier ones), and the chunk's changes
 * are written in one transaction. Only the chunk is held, whatever the number of rows.
 */
public final class Stitcher {

    /** What one run did: counts only, so that a run of any size holds no profiles in memory. */
    public static final class Result {
        public long rows;
        public long merges;
        /** Profiles a chunk changed (a profile changed in two chunks counts twice). */
        public long changes;
    }

    /** One exported row: Emarsys' contact id and the row's fields (names as asked). */
    public record Row(String contactId, Map<String, Object> fields) {
    }

    private final ProfileStore store;
    private final ContactKeys keys;
    /** Orders profiles created in the same millisecond (with the millis, their creation order across restarts). */
    private final java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong();

    public Stitcher(ProfileStore store, ContactKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * Adds one exported row (a chunk of one). {@code contactId} is Emarsys' id; {@code fields} the row as exported
     * (names as asked); {@code emailField} / {@code phoneFields} / {@code optInField} name the columns that hold them.
     */
    public void add(Result result, String contactId, Map<String, Object> fields, String emailField,
                    List<String> phoneFields, String optInField) {
        addAll(result, List.of(new Row(contactId, fields)), emailField, phoneFields, optInField);
    }

    /**
     * Adds a chunk of exported rows, in order, and saves what they changed in one transaction. Returns the profiles the
     * chunk saved (new or changed, with the hash of their stored content), due for publishing.
     */
    public List<Stored> addAll(Result result, List<Row> rows, String emailField, List<String> phoneFields, String optInField) {
        return addAll(result, prepare(rows, emailField, phoneFields), optInField);
    }

    /**
     * A chunk's rows with their normalized keys: what {@link #addAll(Result, Prepared, String)} needs before it reads
     * the store. It touches no store, so it may run on another thread while an earlier chunk is stitched.
     */
    public Prepared prepare(List<Row> rows, String emailField, List<String> phoneFields) {
        List<RowKeys> parsed = new ArrayList<>(rows.size());
        Set<Key> chunkKeys = new LinkedHashSet<>();
        for (Row row : rows) {
            RowKeys rowKeys = parse(row, emailField, phoneFields);
            parsed.add(rowKeys);
            chunkKeys.addAll(rowKeys.keys);
        }
        return new Prepared(parsed, chunkKeys);
    }

    /** Adds a prepared chunk, in order, and saves what it changed in one transaction (see {@link #addAll(Result, List, String, List, String)}). */
    public List<Stored> addAll(Result result, Prepared prepared, String optInField) {
        Chunk chunk = new Chunk(store, store.profilesOf(prepared.keys));
        for (RowKeys rowKeys : prepared.rows) {
            result.rows++;
            stitch(result, chunk, rowKeys, optInField);
        }
        List<Stored> saved = chunk.save(store);
        result.changes += saved.size();
        return saved;
    }

    /** A chunk's rows, parsed and normalized ({@link #prepare}). */
    public static final class Prepared {
        private final List<RowKeys> rows;
        private final Set<Key> keys;

        private Prepared(List<RowKeys> rows, Set<Key> keys) {
            this.rows = rows;
            this.keys = keys;
        }

        public int size() {
            return rows.size();
        }
    }

    private RowKeys parse(Row row, String emailField, List<String> phoneFields) {
        String email = ContactKeys.email(row.fields().get(emailField));
        Set<String> phones = new LinkedHashSet<>();
        for (String phoneField : phoneFields) {
            String phone = keys.phone(row.fields().get(phoneField));
            if (phone != null) {
                phones.add(phone);
            }
        }
        List<Key> rowKeys = new ArrayList<>(2 + phones.size());
        if (row.contactId() != null && !row.contactId().equals(email)) {
            rowKeys.add(new Key("contact", row.contactId()));
            if (row.contactId().contains("@")) {
                // a profile that holds this e-mail stores it once, as its e-mail key (see forEachKey)
                rowKeys.add(new Key("email", row.contactId()));
            }
        }
        if (email != null) {
            rowKeys.add(new Key("email", email));
        }
        for (String phone : phones) {
            rowKeys.add(new Key("phone", phone));
        }
        return new RowKeys(row, email, phones, rowKeys);
    }

    private void stitch(Result result, Chunk chunk, RowKeys row, String optInField) {
        List<Profile> profiles = new ArrayList<>();
        for (String id : chunk.profileIdsOf(row.keys)) {
            Profile profile = chunk.profile(id);
            if (profile != null) {
                profiles.add(profile);
            }
        }
        profiles.sort(Comparator.comparing((Profile p) -> p.createdAt).thenComparing(p -> p.profileId));
        Profile survivor;
        if (profiles.isEmpty()) {
            survivor = new Profile();
            long millis = System.currentTimeMillis();
            long sequence = this.sequence.incrementAndGet();
            survivor.profileId = timeOrderedId(millis, sequence);
            // sortable across restarts: epoch millis, then a per-JVM sequence
            survivor.createdAt = createdAt(millis, sequence);
            chunk.created(survivor);
        } else {
            survivor = profiles.get(0);
            for (Profile other : profiles.subList(1, profiles.size())) {
                merge(survivor, other);
                chunk.mergedAway(other.profileId);
                result.merges++;
            }
        }
        String contactId = row.row.contactId();
        Map<String, Object> fields = row.row.fields();
        if (contactId != null) {
            survivor.contacts.add(contactId);
        }
        if (row.email != null) {
            survivor.emails.add(row.email);
        }
        survivor.phones.addAll(row.phones);
        fields.forEach((name, value) -> {
            if (value != null && !value.toString().isEmpty()) {
                survivor.fields.put(name, value);
            }
        });
        if (optInField != null && contactId != null) {
            Object optIn = fields.get(optInField);
            String value = optIn == null || optIn.toString().isEmpty() ? null : optIn.toString();
            survivor.optIns.put(contactId, value);
            if (value != null) {
                survivor.optIn = value;
            }
        }
        chunk.link(survivor);
    }

    /** {@code %015d-%09d} of the millis and the sequence, without String.format (a few percent of a run's time). */
    static String createdAt(long millis, long sequence) {
        StringBuilder text = new StringBuilder(25);
        padded(text, millis, 15);
        text.append('-');
        padded(text, sequence, 9);
        return text.toString();
    }

    private static void padded(StringBuilder text, long number, int width) {
        String digits = Long.toString(number);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        text.append(digits);
    }

    /**
     * A UUID that sorts by creation time (the layout of UUID version 7: epoch millis first, then a sequence and random
     * bits), so that new profiles go to the end of the store's primary-key index instead of random pages of it.
     */
    static String timeOrderedId(long millis, long sequence) {
        long mostSignificant = (millis << 16) | 0x7000 | (sequence & 0x0FFF);
        return new UUID(mostSignificant, UUID.randomUUID().getLeastSignificantBits()).toString();
    }

    private static void merge(Profile into, Profile other) {
        into.contacts.addAll(other.contacts);
        into.emails.addAll(other.emails);
        into.phones.addAll(other.phones);
        other.fields.forEach(into.fields::putIfAbsent);
        other.optIns.forEach(into.optIns::putIfAbsent);
        if (into.optIn == null) {
            into.optIn = other.optIn;
        }
    }

    /** A row's normalized keys. */
    private record RowKeys(Row row, String email, Set<String> phones, List<Key> keys) {
    }

    /**
     * One chunk in memory: where its keys point (as stored, then as the chunk's rows relink them), the profiles it
     * touched, and which of them are stored and with what content hash; {@link #save} turns it into batched writes.
     */
    private static final class Chunk {

        /** Where each key points in the store, as far as the chunk knows (read, or implied by a loaded profile). */
        private final Map<Key, String> stored;
        /** Where each key points now. */
        private final Map<Key, String> current;
        /** The chunk's live profiles, loaded or created. */
        private final Map<String, Profile> profiles = new LinkedHashMap<>();
        /** The stored content hash of each loaded profile. */
        private final Map<String, Long> storedHashes = new HashMap<>();
        private final Set<String> mergedAway = new HashSet<>();

        /** Reads every stored profile the chunk's keys point to. */
        Chunk(ProfileStore store, Map<Key, String> stored) {
            this.stored = new HashMap<>(stored);
            this.current = new HashMap<>(stored);
            for (Map.Entry<String, Stored> entry : store.loadAll(new HashSet<>(stored.values())).entrySet()) {
                Profile profile = entry.getValue().profile();
                profiles.put(entry.getKey(), profile);
                storedHashes.put(entry.getKey(), entry.getValue().hash());
                // a stored profile's keys point to it: relinking one (after a merge) is an update
                forEachKey(profile, key -> this.stored.putIfAbsent(key, profile.profileId));
            }
        }

        Set<String> profileIdsOf(List<Key> keys) {
            Set<String> ids = new LinkedHashSet<>();
            for (Key key : keys) {
                String id = current.get(key);
                if (id != null) {
                    ids.add(id);
                }
            }
            return ids;
        }

        Profile profile(String id) {
            return profiles.get(id);
        }

        void created(Profile profile) {
            profiles.put(profile.profileId, profile);
        }

        void mergedAway(String profileId) {
            profiles.remove(profileId);
            if (storedHashes.containsKey(profileId)) {
                mergedAway.add(profileId);
            }
        }

        void link(Profile profile) {
            forEachKey(profile, key -> current.put(key, profile.profileId));
        }

        /** Writes the chunk in one transaction; returns the profiles it changed, with their stored content's hash. */
        List<Stored> save(ProfileStore store) {
            ProfileStore.ChunkWrites writes = new ProfileStore.ChunkWrites();
            List<Profile> changed = new ArrayList<>();
            for (Profile profile : profiles.values()) {
                Long storedHash = storedHashes.get(profile.profileId);
                String data = ProfileStore.data(profile);
                if (storedHash != null && storedHash == ProfileStore.hash(data)) {
                    continue; // unchanged content: unchanged keys too
                }
                (storedHash == null ? writes.inserts : writes.updates).put(profile.profileId, data);
                changed.add(profile);
                forEachKey(profile, key -> {
                    String was = stored.get(key);
                    if (was == null) {
                        writes.keyInserts.put(key, profile.profileId);
                    } else if (!was.equals(profile.profileId)) {
                        writes.keyUpdates.put(key, profile.profileId);
                    }
                });
            }
            writes.deletes.addAll(mergedAway);
            String pendingFrom = store.write(writes);
            List<Stored> saved = new ArrayList<>(changed.size());
            for (Profile profile : changed) {
                String created = writes.inserts.get(profile.profileId);
                String data = created != null ? created : writes.updates.get(profile.profileId);
                // a new profile is due by the chunk's pending row, a changed one by a row of its own
                saved.add(new Stored(profile, ProfileStore.hash(data), data, created != null ? pendingFrom : null));
            }
            return saved;
        }

        private static void forEachKey(Profile profile, java.util.function.Consumer<Key> action) {
            for (String contact : profile.contacts) {
                if (!profile.emails.contains(contact)) { // the import's contact id is the e-mail: one key, not two
                    action.accept(new Key("contact", contact));
                }
            }
            for (String email : profile.emails) {
                action.accept(new Key("email", email));
            }
            for (String phone : profile.phones) {
                action.accept(new Key("phone", phone));
            }
        }
    }
}
