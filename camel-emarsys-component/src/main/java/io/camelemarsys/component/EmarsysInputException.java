package io.camelemarsys.component;

/**
 * The message body or an option cannot be sent to Emarsys as it is; the message names the field, the value (cut to
 * 40 characters) and the fix. Raised before any call.
 */
public class EmarsysInputException extends IllegalArgumentException {

    public EmarsysInputException(String message) {
        super(message);
    }

    /** A value cut to 40 characters for an error message. */
    public static String shown(Object value) {
        String text = String.valueOf(value);
        return "'" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'";
    }
}
