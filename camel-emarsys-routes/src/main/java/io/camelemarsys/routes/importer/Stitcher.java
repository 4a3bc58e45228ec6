package io.camelemarsys.routes.importer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stitches exported contacts into profiles. Rule: rows that share a normalized e-mail or an E.164 phone (or the same
 * contact id) belong to one profile; when a row links two profiles, they merge into the one created first (its id
 * stays; ties by id), keys and contacts are united, and field values of the later row win where they are not empty.
 * A profile's opt-in is the opt-in of the contact whose row came last. Invalid phones are not keys.
 */
public final class Stitcher {

    /** What one run did: counts only, so that a run of any size holds no profiles in memory. */
    public static final class Result {
        public long rows;
        public long merges;
        /** Saves that changed a profile (a profile changed twice counts twice). */
        public long changes;
    }

    private static final java.util.concurrent.atomic.AtomicLong SEQUENCE = new java.util.concurrent.atomic.AtomicLong();

    private final ProfileStore store;
    private final ContactKeys keys;

    public Stitcher(ProfileStore store, ContactKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /**
     * Adds one exported row. {@code contactId} is Emarsys' id; {@code fields} the row as exported (names as asked);
     * {@code emailField} / {@code phoneFields} / {@code optInField} name the columns that hold them.
     */
    public void add(Result result, String contactId, Map<String, Object> fields, String emailField,
                    List<String> phoneFields, String optInField) {
        result.rows++;
        String email = ContactKeys.email(fields.get(emailField));
        Set<String> phones = new LinkedHashSet<>();
        for (String phoneField : phoneFields) {
            String phone = keys.phone(fields.get(phoneField));
            if (phone != null) {
                phones.add(phone);
            }
        }
        Set<String> found = new LinkedHashSet<>();
        addIfPresent(found, store.profileOf("contact", contactId));
        addIfPresent(found, store.profileOf("email", email));
        for (String phone : phones) {
            addIfPresent(found, store.profileOf("phone", phone));
        }
        List<Profile> profiles = new ArrayList<>();
        for (String id : found) {
            Profile profile = store.load(id);
            if (profile != null) {
                profiles.add(profile);
            }
        }
        profiles.sort(Comparator.comparing((Profile p) -> p.createdAt).thenComparing(p -> p.profileId));
        Profile survivor;
        if (profiles.isEmpty()) {
            survivor = new Profile();
            survivor.profileId = UUID.randomUUID().toString();
            // sortable across restarts: epoch millis, then a per-JVM sequence
            survivor.createdAt = String.format("%015d-%09d", System.currentTimeMillis(), SEQUENCE.incrementAndGet());
        } else {
            survivor = profiles.get(0);
            for (Profile other : profiles.subList(1, profiles.size())) {
                merge(survivor, other);
                store.delete(other.profileId);
                result.merges++;
            }
        }
        if (contactId != null) {
            survivor.contacts.add(contactId);
        }
        if (email != null) {
            survivor.emails.add(email);
        }
        survivor.phones.addAll(phones);
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
        for (String contact : survivor.contacts) {
            store.link("contact", contact, survivor.profileId);
        }
        for (String mail : survivor.emails) {
            store.link("email", mail, survivor.profileId);
        }
        for (String phone : survivor.phones) {
            store.link("phone", phone, survivor.profileId);
        }
        if (store.save(survivor)) { // saved at once: a crash never leaves keys pointing to a missing profile
            result.changes++;
        }
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

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }
}
