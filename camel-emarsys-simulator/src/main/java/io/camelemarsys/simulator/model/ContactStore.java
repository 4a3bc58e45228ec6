package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.camelemarsys.simulator.http.ApiError;

/**
 * The contacts of the account with their internal {@code id} and {@code uid}, an index per field that has been used
 * as a key, and the change log. Writes are serialised; reads of single contacts and iteration need no lock.
 */
public final class ContactStore {

    private static final char[] UID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            .toCharArray();

    private final FieldCatalog catalog;
    private final Supplier<Instant> clock;
    private final ConcurrentSkipListMap<Long, Contact> byId = new ConcurrentSkipListMap<>();
    private final Map<String, Long> byUid = new ConcurrentHashMap<>();
    /** field id -> normalized value -> ids of the contacts holding it (more than one: a non-unique key, 2010) */
    private final Map<Integer, Map<String, long[]>> indexes = new HashMap<>();
    private final ChangeLog changes = new ChangeLog();
    private final AtomicLong nextId = new AtomicLong(1_000_001);

    public ContactStore(FieldCatalog catalog, Supplier<Instant> clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Resolves a {@code key_id}: a field id, a field string id, {@code id} or {@code uid}; else 400 / 2004. */
    public KeyField keyField(String keyId) {
        String key = keyId == null || keyId.isBlank() ? Integer.toString(FieldCatalog.EMAIL) : keyId.trim();
        if (KeyField.ID.equals(key) || KeyField.UID.equals(key)) {
            return new KeyField(key, null);
        }
        Field field = catalog.resolve(key);
        if (field == null || field.hasChoices() || field.readOnly()) {
            throw ApiError.badRequest(2004, "Invalid key field id: " + key);
        }
        return new KeyField(key, field);
    }

    /** All contacts whose key holds {@code value}: none, one, or several when the key is not unique. */
    public List<Contact> find(KeyField key, String value) {
        if (value == null) {
            return List.of();
        }
        if (KeyField.ID.equals(key.keyId())) {
            try {
                Contact contact = byId.get(Long.parseLong(value.trim()));
                return contact == null ? List.of() : List.of(contact);
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        if (KeyField.UID.equals(key.keyId())) {
            Long id = byUid.get(value);
            Contact contact = id == null ? null : byId.get(id);
            return contact == null ? List.of() : List.of(contact);
        }
        long[] ids;
        synchronized (this) {
            ids = index(key.field()).get(key.normalize(value));
        }
        if (ids == null) {
            return List.of();
        }
        List<Contact> found = new ArrayList<>(ids.length);
        for (long id : ids) {
            Contact contact = byId.get(id);
            if (contact != null) {
                found.add(contact);
            }
        }
        return found;
    }

    public Contact get(long id) {
        return byId.get(id);
    }

    /** Creates a contact. {@code logChange} is false for seeding, which Emarsys would see as a data import. */
    public synchronized Contact create(Map<Field, Object> values, int sourceId, boolean logChange) {
        long id = nextId.getAndIncrement();
        Object[] slots = new Object[catalog.slots()];
        for (Map.Entry<Field, Object> entry : values.entrySet()) {
            slots = put(slots, entry.getKey(), entry.getValue());
        }
        Contact contact = new Contact(id, uid(id), slots);
        byId.put(id, contact);
        byUid.put(contact.uid(), id);
        for (Map.Entry<Integer, Map<String, long[]>> index : indexes.entrySet()) {
            addToIndex(index.getValue(), catalog.byId(index.getKey()), contact);
        }
        if (logChange) {
            changes.record(clock.get(), id, sourceId);
        }
        return contact;
    }

    public synchronized Contact update(Contact current, Map<Field, Object> values, int sourceId) {
        Object[] slots = Arrays.copyOf(current.values(), Math.max(current.values().length, catalog.slots()));
        for (Map.Entry<Field, Object> entry : values.entrySet()) {
            Field field = entry.getKey();
            Map<String, long[]> index = indexes.get(field.id());
            if (index != null) {
                removeFromIndex(index, field, current);
            }
            slots = put(slots, field, entry.getValue());
        }
        Contact updated = new Contact(current.id(), current.uid(), slots);
        byId.put(updated.id(), updated);
        for (Field field : values.keySet()) {
            Map<String, long[]> index = indexes.get(field.id());
            if (index != null) {
                addToIndex(index, field, updated);
            }
        }
        changes.record(clock.get(), current.id(), sourceId);
        return updated;
    }

    public synchronized boolean delete(long id) {
        Contact contact = byId.remove(id);
        if (contact == null) {
            return false;
        }
        byUid.remove(contact.uid());
        for (Map.Entry<Integer, Map<String, long[]>> index : indexes.entrySet()) {
            removeFromIndex(index.getValue(), catalog.byId(index.getKey()), contact);
        }
        return true;
    }

    /** All contacts in id order; the view is live and safe to iterate while writes go on. */
    public Collection<Contact> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    public ChangeLog changes() {
        return changes;
    }

    public synchronized void clear() {
        byId.clear();
        byUid.clear();
        indexes.clear();
        changes.clear();
    }

    private static Object[] put(Object[] slots, Field field, Object value) {
        Object[] target = field.slot() < slots.length ? slots : Arrays.copyOf(slots, field.slot() + 1);
        target[field.slot()] = value;
        return target;
    }

    /** The index of a key field, built on first use by one scan and kept current by every write after that. */
    private Map<String, long[]> index(Field field) {
        Map<String, long[]> index = indexes.get(field.id());
        if (index == null) {
            index = new HashMap<>();
            for (Contact contact : byId.values()) {
                addToIndex(index, field, contact);
            }
            indexes.put(field.id(), index);
        }
        return index;
    }

    private static void addToIndex(Map<String, long[]> index, Field field, Contact contact) {
        if (field == null) {
            return;
        }
        String key = indexKey(field, contact);
        if (key != null) {
            index.merge(key, new long[] {contact.id()}, (a, b) -> {
                long[] merged = Arrays.copyOf(a, a.length + 1);
                merged[a.length] = b[0];
                return merged;
            });
        }
    }

    private static void removeFromIndex(Map<String, long[]> index, Field field, Contact contact) {
        if (field == null) {
            return;
        }
        String key = indexKey(field, contact);
        if (key == null) {
            return;
        }
        long[] ids = index.get(key);
        if (ids == null) {
            return;
        }
        long[] rest = Arrays.stream(ids).filter(id -> id != contact.id()).toArray();
        if (rest.length == 0) {
            index.remove(key);
        } else {
            index.put(key, rest);
        }
    }

    private static String indexKey(Field field, Contact contact) {
        Object value = contact.value(field);
        return value == null ? null : new KeyField(Integer.toString(field.id()), field).normalize(value.toString());
    }

    /** A stable, unique, uid-looking string derived from the id. */
    private static String uid(long id) {
        StringBuilder uid = new StringBuilder();
        long n = id * 2_654_435_761L & 0x7fff_ffff_ffffL;
        for (int i = 0; i < 8; i++) {
            uid.append(UID_ALPHABET[(int) (n % UID_ALPHABET.length)]);
            n /= UID_ALPHABET.length;
        }
        return uid.append(Long.toString(id, 36)).toString();
    }
}
