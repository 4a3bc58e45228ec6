package io.camelemarsys.component.internal;

import java.util.Map;

/**
 * A contact field as the account lists it, with its choices (id to label in the configured language) when it is a
 * single- or multi-choice field.
 */
public record EmarsysField(int id, String name, String stringId, String type, Map<Integer, String> choices) {

    public boolean singleChoice() {
        return "singlechoice".equals(type);
    }

    public boolean multiChoice() {
        return "multichoice".equals(type) || "interests".equals(type);
    }

    public boolean hasChoices() {
        return singleChoice() || multiChoice();
    }

    public boolean date() {
        return "date".equals(type) || "birthdate".equals(type);
    }

    public boolean optIn() {
        return id == 31;
    }
}
