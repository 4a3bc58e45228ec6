package io.camelemarsys.routes.importer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stitched profile: the contacts it joins, their e-mails and phones, the latest field values, and each contact's
 * opt-in. Its id is stable: it is created once and kept when profiles merge (the older one survives).
 */
public final class Profile {

    public String profileId;
    public String createdAt;
    public TreeSet<String> contacts = new TreeSet<>();
    public TreeSet<String> emails = new TreeSet<>();
    public TreeSet<String> phones = new TreeSet<>();
    public Map<String, Object> fields = new LinkedHashMap<>();
    /** contact id -> that contact's opt-in as Emarsys exported it ("True" / "False" / null). */
    public Map<String, String> optIns = new TreeMap<>();
    /** The profile's opt-in: the one of the contact whose row came last. */
    public String optIn;
}
