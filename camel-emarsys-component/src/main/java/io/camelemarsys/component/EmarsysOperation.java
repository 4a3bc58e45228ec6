package io.camelemarsys.component;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The operations of the component, one per {@code emarsys:<api>/<method>} URI. */
public enum EmarsysOperation {
    CONTACT_UPSERT("contact", "upsert"),
    CONTACT_UPDATE("contact", "update"),
    CONTACT_CREATE("contact", "create"),
    CONTACT_DELETE("contact", "delete"),
    CONTACT_CHECKIDS("contact", "checkids"),
    CONTACT_GET("contact", "get"),
    FIELD_LIST("field", "list"),
    FIELD_CREATE("field", "create"),
    FIELD_CHOICES("field", "choices"),
    EVENT_LIST("event", "list"),
    EVENT_CREATE("event", "create"),
    EVENT_TRIGGER("event", "trigger"),
    CONTACTLIST_LIST("contactlist", "list"),
    CONTACTLIST_CREATE("contactlist", "create"),
    CONTACTLIST_ADD("contactlist", "add"),
    CONTACTLIST_REMOVE("contactlist", "remove"),
    CONTACTLIST_MEMBERS("contactlist", "members"),
    CONTACTLIST_COUNT("contactlist", "count"),
    SEGMENT_LIST("segment", "list"),
    SEGMENT_COMBINED("segment", "combined"),
    SEGMENT_MEMBERS("segment", "members"),
    SEGMENT_RUN("segment", "run"),
    EXPORT_SEGMENT("export", "segment"),
    EXPORT_CONTACTLIST("export", "contactlist"),
    EXPORT_CHANGES("export", "changes"),
    EXPORT_STATUS("export", "status"),
    EXPORT_DOWNLOAD("export", "download"),
    SETTINGS_GET("settings", "get"),
    RAW_CALL("raw", "call");

    private final String apiName;
    private final String methodName;

    EmarsysOperation(String apiName, String methodName) {
        this.apiName = apiName;
        this.methodName = methodName;
    }

    public String apiName() {
        return apiName;
    }

    public String methodName() {
        return methodName;
    }

    /** {@code contact/upsert}. */
    public String uriPath() {
        return apiName + "/" + methodName;
    }

    /** The operation of a URI path such as {@code contact/upsert} ({@code raw} alone means raw/call). */
    public static EmarsysOperation fromUriPath(String remaining) {
        String path = remaining == null ? "" : remaining.trim().toLowerCase(Locale.ROOT);
        if ("raw".equals(path)) {
            return RAW_CALL;
        }
        for (EmarsysOperation operation : values()) {
            if (operation.uriPath().equals(path)) {
                return operation;
            }
        }
        throw new IllegalArgumentException("Unknown Emarsys operation '" + remaining + "': use one of "
                + Arrays.stream(values()).map(EmarsysOperation::uriPath).collect(Collectors.joining(", ")));
    }
}
