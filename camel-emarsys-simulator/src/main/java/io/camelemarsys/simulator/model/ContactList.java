package io.camelemarsys.simulator.model;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A contact list and its members in the order they were added. */
public final class ContactList {

    private final long id;
    private final String name;
    private final String description;
    private final String created;
    private final String type;
    private final Set<Long> members = new LinkedHashSet<>();

    public ContactList(long id, String name, String description, String created, String type) {
        this.id = id;
        this.name = name;
        this.description = description;
        this.created = created;
        this.type = type;
    }

    public long id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public String created() {
        return created;
    }

    public String type() {
        return type;
    }

    public synchronized boolean add(long contactId) {
        return members.add(contactId);
    }

    public synchronized boolean remove(long contactId) {
        return members.remove(contactId);
    }

    public synchronized boolean contains(long contactId) {
        return members.contains(contactId);
    }

    public synchronized int size() {
        return members.size();
    }

    /** Members from position {@code offset}, at most {@code limit}. */
    public synchronized List<Long> page(long offset, int limit) {
        List<Long> page = new ArrayList<>(Math.min(limit, members.size()));
        long position = 0;
        for (Long member : members) {
            if (position++ < offset) {
                continue;
            }
            if (page.size() == limit) {
                break;
            }
            page.add(member);
        }
        return page;
    }

    public synchronized long[] snapshot() {
        return members.stream().mapToLong(Long::longValue).toArray();
    }
}
