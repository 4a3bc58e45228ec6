package io.camelemarsys.simulator.model;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.Json;

/**
 * A contact field: its id, names per language, type and choices, and the rules a written value must pass. Values
 * are stored as {@link String} (texts, dates, numbers), {@link Integer} (single choice, opt-in) or {@code int[]}
 * (multi choice).
 */
public final class Field {

    private static final Pattern NUMERIC = Pattern.compile("-?(0|[1-9]\\d{0,23})(\\.\\d+)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private final int id;
    private final String stringId;
    private final FieldType type;
    private final boolean readOnly;
    private final boolean exportable;
    private final int slot;
    private final Map<String, String> names;
    private final List<Choice> choices;

    public Field(int id, String stringId, FieldType type, boolean readOnly, boolean exportable, int slot,
                 Map<String, String> names, List<Choice> choices) {
        this.id = id;
        this.stringId = stringId;
        this.type = type;
        this.readOnly = readOnly;
        this.exportable = exportable;
        this.slot = slot;
        this.names = Map.copyOf(names);
        this.choices = List.copyOf(choices);
    }

    public int id() {
        return id;
    }

    public String stringId() {
        return stringId;
    }

    public FieldType type() {
        return type;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public boolean exportable() {
        return exportable;
    }

    /** Index of this field's value in {@link Contact#values()}. */
    public int slot() {
        return slot;
    }

    public String name(String language) {
        return names.getOrDefault(language, names.get("en"));
    }

    public List<Choice> choices() {
        return choices;
    }

    public boolean hasChoices() {
        return type == FieldType.SINGLECHOICE || type == FieldType.MULTICHOICE || type == FieldType.INTERESTS;
    }

    public boolean isOptIn() {
        return id == FieldCatalog.OPT_IN;
    }

    public Choice choice(int choiceId) {
        for (Choice choice : choices) {
            if (choice.id() == choiceId) {
                return choice;
            }
        }
        return null;
    }

    /**
     * Checks a written value and returns what is stored; null clears the field. A value Emarsys refuses throws
     * {@link FieldValueException} (replyCode 2007) with the reason.
     */
    public Object accept(JsonNode value) {
        if (readOnly) {
            throw new FieldValueException("Field " + id + " (" + name("en") + ") is read-only");
        }
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isEmpty()
                && type != FieldType.MULTICHOICE)) {
            return null;
        }
        if (isOptIn()) {
            Long optIn = Json.asLong(value);
            if (optIn == null || (optIn != 1 && optIn != 2)) {
                throw new FieldValueException("Invalid value for field 31 (Opt-in): '" + value.asText()
                        + "'; use 1 (opted in) or 2 (opted out)");
            }
            return optIn.intValue();
        }
        switch (type) {
            case SINGLECHOICE:
                return choiceId(value);
            case MULTICHOICE:
                return multiChoice(value);
            case DATE:
            case BIRTHDATE:
                return date(value);
            case NUMERIC:
                return numeric(value);
            default:
                return text(value);
        }
    }

    private String text(JsonNode value) {
        if (value.isContainerNode()) {
            throw new FieldValueException("Invalid value for field " + id + ": a " + type.apiName()
                    + " field takes a string, not " + value.getNodeType().name().toLowerCase());
        }
        String text = value.asText();
        if (text.length() > type.maxLength()) {
            throw new FieldValueException("Invalid value for field " + id + ": " + text.length()
                    + " characters, a " + type.apiName() + " field holds at most " + type.maxLength());
        }
        return text;
    }

    private String numeric(JsonNode value) {
        String text = value.isNumber() ? value.asText() : Json.asText(value);
        if (text == null || !NUMERIC.matcher(text).matches()) {
            throw new FieldValueException("Invalid value for field " + id + ": '" + value.asText()
                    + "' is not a number of at most 24 digits without leading zeros");
        }
        return text;
    }

    private String date(JsonNode value) {
        String text = Json.asText(value);
        if (text == null || !DATE.matcher(text).matches()) {
            throw new FieldValueException("Invalid date format for field " + id + ": '" + value.asText()
                    + "'; use YYYY-MM-DD");
        }
        try {
            LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new FieldValueException("Invalid date for field " + id + ": '" + text + "' is not a calendar date");
        }
        return text;
    }

    private Integer choiceId(JsonNode value) {
        Long choiceId = Json.asLong(value);
        if (choiceId == null || choice(choiceId.intValue()) == null) {
            throw new FieldValueException("Invalid choice id for field " + id + " (" + name("en") + "): '"
                    + value.asText() + "'; list the options with GET /field/" + id + "/choice");
        }
        return choiceId.intValue();
    }

    private int[] multiChoice(JsonNode value) {
        if (!value.isArray()) {
            throw new FieldValueException("Invalid value for multichoice field " + id
                    + ": send a JSON array of choice ids, even for one value");
        }
        if (value.isEmpty()) {
            throw new FieldValueException("Invalid value for multichoice field " + id + ": the array is empty");
        }
        int[] ids = new int[value.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = choiceId(value.get(i));
        }
        return ids;
    }

    /** The value as {@code getdata} returns it: strings, choice ids as strings, multichoice as an array of them. */
    public Object apiValue(Object stored) {
        if (stored == null) {
            return null;
        }
        if (stored instanceof int[] ids) {
            List<String> list = new ArrayList<>(ids.length);
            for (int choiceId : ids) {
                list.add(Integer.toString(choiceId));
            }
            return list;
        }
        return stored.toString();
    }

    /** The value as an export CSV prints it: choice labels in the export language, opt-in as True / False. */
    public String exportValue(Object stored, String language) {
        if (stored == null) {
            return "";
        }
        if (isOptIn()) {
            return ((Integer) stored) == 1 ? "True" : "False";
        }
        if (stored instanceof int[] ids) {
            StringBuilder labels = new StringBuilder();
            for (int choiceId : ids) {
                if (labels.length() > 0) {
                    labels.append(',');
                }
                labels.append(label(choiceId, language));
            }
            return labels.toString();
        }
        if (stored instanceof Integer choiceId && hasChoices()) {
            return label(choiceId, language);
        }
        return stored.toString();
    }

    private String label(int choiceId, String language) {
        Choice choice = choice(choiceId);
        return choice == null ? Integer.toString(choiceId) : choice.label(language);
    }

    /** The field as {@code GET /field} lists it. */
    public Map<String, Object> describe(String language) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("name", name(language));
        map.put("application_type", type.apiName());
        map.put("string_id", stringId);
        return map;
    }
}
