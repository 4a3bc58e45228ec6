package io.camelemarsys.component;

/**
 * The Emarsys API's limits per request that the batch operations split by, for routes that group items themselves
 * (for example one batch per Kafka poll) and want whole requests.
 */
public final class EmarsysLimits {

    /** Contacts per contact write (upsert, update, create, delete) and keys per contact/get. */
    public static final int CONTACTS_PER_REQUEST = 1000;
    /** Triggers per event/trigger request. */
    public static final int TRIGGERS_PER_REQUEST = 1000;
    /** Key values per contactlist/add or contactlist/remove request. */
    public static final int LIST_IDS_PER_REQUEST = 10_000;

    private EmarsysLimits() {
    }
}
