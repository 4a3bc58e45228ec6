package io.camelemarsys.kamelets;

/**
 * The Segment-events sink's parameters (the Kamelet sets them as bean properties of its translation bean,
 * {@code settings.eventData}), with the defaults of the Kamelet. Key fields left empty mean the sink's
 * {@code keyField}; key paths left empty mean the contact the identity table links the message's ids to.
 */
public final class SegmentEventsSettings {

    private String keyField = "email";
    private String primaryKey = "traits.email";
    private String traitsMapping = "email=email,firstName=First Name,lastName=Last Name,phone=Phone";
    private String eventMapping = "";
    private String unmappedEvents = "deadletter";
    private String groupLists = "";
    private String eventData = "properties";
    private boolean writeNullTraits = true;
    private String fieldMapping = "";
    private String eventKeyField = "";
    private String eventKeyPath = "";
    private String groupKeyField = "";
    private String groupKeyPath = "";
    private String audienceKeyField = "";
    private String audienceKeyPath = "";

    public String getKeyField() {
        return keyField;
    }

    /** The Emarsys field that identifies contacts (identify's key; the other actions' unless they name their own). */
    public void setKeyField(String keyField) {
        this.keyField = keyField;
    }

    public String getPrimaryKey() {
        return primaryKey;
    }

    /** Where an identify carries the contact's key, as a dotted path into the message. */
    public void setPrimaryKey(String primaryKey) {
        this.primaryKey = primaryKey;
    }

    public String getTraitsMapping() {
        return traitsMapping;
    }

    /** Segment trait to Emarsys field, {@code trait=field} pairs. */
    public void setTraitsMapping(String traitsMapping) {
        this.traitsMapping = traitsMapping;
    }

    public String getEventMapping() {
        return eventMapping;
    }

    /** Segment event name to Emarsys event (id or name), {@code name=event} pairs. */
    public void setEventMapping(String eventMapping) {
        this.eventMapping = eventMapping;
    }

    public String getUnmappedEvents() {
        return unmappedEvents;
    }

    /** What to do with an event the mapping does not name: {@code deadletter} or {@code skip}. */
    public void setUnmappedEvents(String unmappedEvents) {
        this.unmappedEvents = unmappedEvents;
    }

    /** True when unmapped events are skipped; anything but deadletter or skip is refused, naming both. */
    public boolean skipsUnmappedEvents() {
        String choice = unmappedEvents == null || unmappedEvents.isBlank() ? "deadletter" : unmappedEvents.trim();
        if (!choice.equalsIgnoreCase("deadletter") && !choice.equalsIgnoreCase("skip")) {
            throw new IllegalArgumentException("unmappedEvents=" + choice + " is not a choice: use deadletter (the "
                    + "message is dead-lettered) or skip (the message is left out)");
        }
        return choice.equalsIgnoreCase("skip");
    }

    public String getGroupLists() {
        return groupLists;
    }

    /** Segment groupId to Emarsys contact list name, {@code groupId=list} pairs. */
    public void setGroupLists(String groupLists) {
        this.groupLists = groupLists;
    }

    /** True when event data is wrapped as {@code {"global": {...}}}; anything but properties or global is refused. */
    public boolean wrapsEventData() {
        String shape = eventData == null || eventData.isBlank() ? "properties" : eventData.trim();
        if (!shape.equals("properties") && !shape.equals("global")) {
            throw new IllegalArgumentException("eventData=" + shape + " is not a data shape: use properties (the "
                    + "properties as the event's data, as Segment sends them) or global (wrapped as {\"global\": {...}})");
        }
        return shape.equals("global");
    }

    public String getEventData() {
        return eventData;
    }

    /** {@code properties}: the properties are the event's data as they are (as Segment sends them); {@code global}: wrapped as {"global": {...}}. */
    public void setEventData(String eventData) {
        this.eventData = eventData;
    }

    public boolean isWriteNullTraits() {
        return writeNullTraits;
    }

    /** True: a trait or mapped path that is null clears the field (Segment's "unset"); false: nulls are left out. */
    public void setWriteNullTraits(boolean writeNullTraits) {
        this.writeNullTraits = writeNullTraits;
    }

    public String getFieldMapping() {
        return fieldMapping;
    }

    /** Message path to Emarsys field, {@code properties.plan=plan,context.traits.email=email}, for any call type. */
    public void setFieldMapping(String fieldMapping) {
        this.fieldMapping = fieldMapping;
    }

    public String getEventKeyField() {
        return eventKeyField;
    }

    public void setEventKeyField(String eventKeyField) {
        this.eventKeyField = eventKeyField;
    }

    public String getEventKeyPath() {
        return eventKeyPath;
    }

    public void setEventKeyPath(String eventKeyPath) {
        this.eventKeyPath = eventKeyPath;
    }

    public String getGroupKeyField() {
        return groupKeyField;
    }

    public void setGroupKeyField(String groupKeyField) {
        this.groupKeyField = groupKeyField;
    }

    public String getGroupKeyPath() {
        return groupKeyPath;
    }

    public void setGroupKeyPath(String groupKeyPath) {
        this.groupKeyPath = groupKeyPath;
    }

    public String getAudienceKeyField() {
        return audienceKeyField;
    }

    public void setAudienceKeyField(String audienceKeyField) {
        this.audienceKeyField = audienceKeyField;
    }

    public String getAudienceKeyPath() {
        return audienceKeyPath;
    }

    public void setAudienceKeyPath(String audienceKeyPath) {
        this.audienceKeyPath = audienceKeyPath;
    }
}
