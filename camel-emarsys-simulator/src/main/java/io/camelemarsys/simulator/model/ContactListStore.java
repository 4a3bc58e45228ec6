package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The account's contact lists. */
public final class ContactListStore {

    private final Map<Long, ContactList> lists = new TreeMap<>();
    private long nextId = 700_000_001L;

    public synchronized ContactList create(String name, String description, String type, Instant now) {
        ContactList list = new ContactList(nextId++, name, description, ViennaTime.format(now), type);
        lists.put(list.id(), list);
        return list;
    }

    public synchronized ContactList byName(String name) {
        return lists.values().stream().filter(l -> l.name().equals(name)).findFirst().orElse(null);
    }

    public synchronized ContactList get(long id) {
        return lists.get(id);
    }

    public synchronized boolean delete(long id) {
        return lists.remove(id) != null;
    }

    public synchronized List<ContactList> all() {
        return new ArrayList<>(lists.values());
    }

    /** A deleted contact leaves every list. */
    public synchronized void removeContact(long contactId) {
        for (ContactList list : lists.values()) {
            list.remove(contactId);
        }
    }

    public synchronized void clear() {
        lists.clear();
    }
}
