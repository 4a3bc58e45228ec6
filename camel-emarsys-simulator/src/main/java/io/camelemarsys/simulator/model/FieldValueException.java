package io.camelemarsys.simulator.model;

/** A value a field refuses: Emarsys answers replyCode 2007 with this text. */
public final class FieldValueException extends RuntimeException {

    public FieldValueException(String message) {
        super(message, null, false, false);
    }
}
