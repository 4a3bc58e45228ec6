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
    @Metadata(label = "producer", description = "Overrides the keyField option for this message.",
              javaType = "String")
    public static final String KEY_FIELD = "CamelEmarsysKeyField";
    @Metadata(label = "producer", description = "event/trigger: the event id or name, overriding the eventId option.",
              javaType = "String")
    public static final String EVENT_ID = "CamelEmarsysEventId";
    @Metadata(label = "producer", description = "event/trigger: the trigger_id of a single trigger.",
              javaType = "String")
    public static final String TRIGGER_ID = "CamelEmarsysTriggerId";
    @Metadata(label = "producer", description = "event/trigger: the event_time of a single trigger (ISO 8601 UTC).",
              javaType = "String")
    public static final String EVENT_TIME = "CamelEmarsysEventTime";
    @Metadata(label = "producer", description = "contactlist operations: the list id or name, overriding listId.",
              javaType = "String")
    public static final String LIST_ID = "CamelEmarsysListId";
    @Metadata(label = "producer", description = "raw/call: the path below the API version, overriding the path option.",
              javaType = "String")
    public static final String PATH = "CamelEmarsysPath";
    @Metadata(label = "producer", description = "raw/call: the HTTP method, overriding the httpMethod option.",
              javaType = "String")
    public static final String HTTP_METHOD = "CamelEmarsysHttpMethod";

    private EmarsysConstants() {
    }
}
