package io.camelemarsys.component.operation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysField;
import io.camelemarsys.component.internal.FieldDirectory;

/**
 * Turns a contact as a route gives it ({@code {"email": "ann@x", "Gender": "female", "4": "1980-02-29"}}) into the
 * record Emarsys takes ({@code {"3": "ann@x", "5": 2, "4": "1980-02-29"}}): field names to ids, choice labels to
 * ids, opt-in to 1 / 2, dates checked as YYYY-MM-DD, nulls left out unless writeNulls.
 */
final class ContactValues {

    private final FieldDirectory fields;
    private final boolean writeNulls;

    ContactValues(FieldDirectory fields, boolean writeNulls) {
        this.fields = fields;
        this.writeNulls = writeNulls;
    }

    /** The field of a key; an unknown name fails the whole call (it is a mapping mistake, not a data one). */
    EmarsysField field(String name) throws EmarsysApiException {
        return fields.resolve(name);
    }

    /** The Emarsys record; an EmarsysInputException names the field, the value and the fix for a bad value. */
    Map<String, Object> record(Map<String, Object> contact) throws EmarsysApiException {
        Map<String, Object> record = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : contact.entrySet()) {
            String name = String.valueOf(entry.getKey());
            if ("id".equals(name) || "uid".equals(name) || "source_id".equals(name)) {
                record.put(name, entry.getValue());
                continue;
            }
            EmarsysField field = fields.resolve(name);
            String id = Integer.toString(field.id());
            if (entry.getValue() == null) {
                if (writeNulls) {
                    record.put(id, null);
                }
                continue;
            }
            if (record.containsKey(id)) {
                throw new EmarsysInputException("Field " + field.id() + " (" + field.name() + ") is given twice, as '"
                        + name + "' and another name; give each field once");
            }
            record.put(id, convert(field, entry.getValue()));
        }
        return record;
    }

    Object convert(EmarsysField field, Object value) throws EmarsysApiException {
        if (field.optIn()) {
            return optIn(value);
        }
        if (field.multiChoice()) {
            List<Object> ids = new ArrayList<>();
            Collection<?> values = value instanceof Collection<?> c ? c : List.of(value);
            for (Object one : values) {
                ids.add(choiceId(field, one));
            }
            if (ids.isEmpty()) {
                throw new EmarsysInputException("Field " + field.id() + " (" + field.name()
                        + ") is multi-choice and the list is empty; leave the field out or give at least one choice");
            }
            return ids;
        }
        if (field.singleChoice()) {
            return choiceId(field, value);
        }
        if (field.date()) {
            return date(field, value);
        }
        return value;
    }

    private int choiceId(EmarsysField field, Object value) throws EmarsysApiException {
        String text = String.valueOf(value).trim();
        Map<Integer, String> choices = fields.choices(field);
        if (text.matches("\\d+") && choices.containsKey(Integer.parseInt(text))) {
            return Integer.parseInt(text);
        }
        for (Map.Entry<Integer, String> choice : choices.entrySet()) {
            if (choice.getValue().equalsIgnoreCase(text)) {
                return choice.getKey();
            }
        }
        throw new EmarsysInputException("Invalid choice " + EmarsysInputException.shown(value) + " for field "
                + field.id() + " (" + field.name() + "): use a choice id or label from field/choices " + choices.values());
    }

    private static Object optIn(Object value) {
        String text = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "1":
            case "true":
                return 1;
            case "2":
            case "false":
                return 2;
            default:
                throw new EmarsysInputException("Invalid opt-in " + EmarsysInputException.shown(value)
                        + " for field 31: use true / 1 (opted in) or false / 2 (opted out)");
        }
    }

    private static String date(EmarsysField field, Object value) {
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof TemporalAccessor temporal) {
            return LocalDate.from(temporal).toString();
        }
        String text = String.valueOf(value).trim();
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).toString();
            }
        } catch (DateTimeParseException e) {
            // fall through to the error
        }
        throw new EmarsysInputException("Invalid date " + EmarsysInputException.shown(value) + " for field "
                + field.id() + " (" + field.name() + "): use YYYY-MM-DD, for example 1980-02-29");
    }
}
