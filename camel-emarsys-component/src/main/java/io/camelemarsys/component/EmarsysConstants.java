package io.camelemarsys.component;

import org.apache.camel.spi.Metadata;

/** The headers the emarsys component reads and writes. */
public final class EmarsysConstants {

    @Metadata(label = "producer", description = "The replyCode of the (last) Emarsys reply; 0 = OK.",
              javaType = "Integer")
    public static final String REPLY_CODE = "CamelEmarsysReplyCode";
    @Metadata(label = "producer", description = "The replyText of the (last) Emarsys reply.", javaType = "String")
    public static final String REPLY_TEXT = "CamelEmarsysReplyText";
    @Metadata(label = "producer", description = "Batch operations: the items Emarsys refused, each with its key, "
                                                + "reply code and text (set when failOnPartialErrors=false).",
              javaType = "java.util.List<io.camelemarsys.component.EmarsysFailedItem>")
    public static final String FAILED_ITEMS = "CamelEmarsysFailedItems";
    @Metadata(label = "producer", description = "Batch operations: how many items Emarsys accepted.",
              javaType = "Integer")
    public static final String SUCCEEDED_COUNT = "CamelEmarsysSucceededCount";
    @Metadata(label = "producer", description = "contact/get: the key values that matched no contact.",
              javaType = "java.util.List<String>")
    public static final String NOT_FOUND_KEYS = "CamelEmarsysNotFoundKeys";
    @Metadata(label = "producer", description = "Every operation that identifies contacts by a key (contact writes, "
                                                + "get, delete, checkids, event/trigger, contactlist add, remove, "
                                                + "create): the key field, overriding the keyField option.",
              javaType = "String")
    public static final String KEY_FIELD = "CamelEmarsysKeyField";
    @Metadata(label = "producer", description = "event/trigger: the event id (or name), overriding the eventId and "
                                                + "eventName options.", javaType = "String")
    public static final String EVENT_ID = "CamelEmarsysEventId";
    @Metadata(label = "producer", description = "event/trigger: the event name, overriding the eventId and eventName "
                                                + "options; not together with CamelEmarsysEventId.", javaType = "String")
    public static final String EVENT_NAME = "CamelEmarsysEventName";
    @Metadata(label = "producer", description = "event/trigger: the trigger_id of a single trigger.",
              javaType = "String")
    public static final String TRIGGER_ID = "CamelEmarsysTriggerId";
    @Metadata(label = "producer", description = "event/trigger: the event_time of a single trigger (ISO 8601 UTC).",
              javaType = "String")
    public static final String EVENT_TIME = "CamelEmarsysEventTime";
    @Metadata(label = "producer", description = "contactlist operations: the list id (or name), overriding the listId "
                                                + "and listName options.", javaType = "String")
    public static final String LIST_ID = "CamelEmarsysListId";
    @Metadata(label = "producer", description = "contactlist operations: the list name, overriding the listId and "
                                                + "listName options; not together with CamelEmarsysListId.",
              javaType = "String")
    public static final String LIST_NAME = "CamelEmarsysListName";
    @Metadata(label = "producer", description = "raw/call: the path below the API version, overriding the path option.",
              javaType = "String")
    public static final String PATH = "CamelEmarsysPath";
    @Metadata(label = "producer", description = "raw/call: the HTTP method, overriding the httpMethod option.",
              javaType = "String")
    public static final String HTTP_METHOD = "CamelEmarsysHttpMethod";

    @Metadata(label = "producer", description = "Segment operations: the segment id, overriding segmentId.",
              javaType = "String")
    public static final String SEGMENT_ID = "CamelEmarsysSegmentId";
    @Metadata(description = "Exports: the export id (in for export/status and export/download, out for the other "
                            + "export operations, and on every row the export consumers emit).", javaType = "String")
    public static final String EXPORT_ID = "CamelEmarsysExportId";
    @Metadata(label = "producer", description = "Exports: the export's status (scheduled, in progress, done, error).",
              javaType = "String")
    public static final String EXPORT_STATUS = "CamelEmarsysExportStatus";
    @Metadata(label = "producer", description = "Exports: when Emarsys created the export, converted from Vienna time "
                                                + "to UTC.", javaType = "java.time.Instant")
    public static final String EXPORT_CREATED = "CamelEmarsysExportCreated";
    @Metadata(label = "producer", description = "segment/run: the temporary contact list that holds the members; "
                                                + "contactlist/create: the new list's id.",
              javaType = "String")
    public static final String CONTACT_LIST_ID = "CamelEmarsysContactListId";
    @Metadata(label = "producer", description = "segment/run: how many contacts the run found.", javaType = "Integer")
    public static final String USER_COUNT = "CamelEmarsysUserCount";
    @Metadata(label = "producer", description = "export/changes: start of the range, overriding since.",
              javaType = "String")
    public static final String SINCE = "CamelEmarsysSince";
    @Metadata(label = "producer", description = "export/changes: end of the range, overriding until.",
              javaType = "String")
    public static final String UNTIL = "CamelEmarsysUntil";

    @Metadata(label = "producer", description = "contact/get and field/choices: the fields by id or name, overriding "
                                                + "the fields option; a comma-separated String or a List. An unknown "
                                                + "field is refused before any call.",
              javaType = "Object")
    public static final String FIELDS = "CamelEmarsysFields";
    @Metadata(label = "producer", description = "contact/get: true for choice labels, false for choice ids, overriding "
                                                + "the resolveChoices option.", javaType = "Boolean")
    public static final String RESOLVE_CHOICES = "CamelEmarsysResolveChoices";
    @Metadata(label = "producer", description = "field/list, field/choices and the labels of contact/get: the "
                                                + "two-letter language, overriding the language option.",
              javaType = "String")
    public static final String LANGUAGE = "CamelEmarsysLanguage";

    @Metadata(label = "consumer", description = "export/changes consumer: the start of the window the row comes from "
                                                + "(UTC); also the exchange property of the same name.",
              javaType = "java.time.Instant")
    public static final String WINDOW_START = "CamelEmarsysWindowStart";
    @Metadata(label = "consumer", description = "export/changes consumer: the end of the window the row comes from "
                                                + "(UTC, exclusive); the next window's watermark. Also the exchange "
                                                + "property of the same name.", javaType = "java.time.Instant")
    public static final String WINDOW_END = "CamelEmarsysWindowEnd";
    @Metadata(label = "consumer", description = "Export consumers: the row's position in its export (window or "
                                                + "snapshot), from 0; also the exchange property of the same name.",
              javaType = "Long")
    public static final String ROW_INDEX = "CamelEmarsysRowIndex";

    private EmarsysConstants() {
    }
}
