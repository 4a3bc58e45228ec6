package io.camelemarsys.kamelets;

/**
 * The Segment-events sink's parameters that are not in its bean method string (the Kamelet sets them as bean
 * properties, {@code settings.eventData}), with the defaults of the Kamelet. Key fields left empty mean the sink's
 * {@code keyField}; key paths left empty mean the contact the identity table links the message's ids to.
 */
public final class SegmentEventsSettings {

    private String eventData = "properties";
    private boolean writeNullTraits = true;
    private String fieldMapping = "";
    private String eventKeyField = "";
    private String eventKeyPath = "";
    private String groupKeyField = "";
    private String groupKeyPath = "";
    private String audienceKeyField = "";
    private String audienceKeyPath = "";

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
