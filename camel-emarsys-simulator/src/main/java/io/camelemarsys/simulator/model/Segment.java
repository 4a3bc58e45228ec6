package io.camelemarsys.simulator.model;

import java.util.List;
import java.util.Locale;

/**
 * A segment ("filter"). The simulator's criteria are deliberately simple: one field compared with one value, or
 * none (every contact); a combined segment is the union of the segments it includes.
 *
 * @param operator one of {@code equals}, {@code contains}, {@code notEmpty}, {@code empty}
 */
public record Segment(long id, String name, String type, Integer fieldId, String operator, String value,
                      List<Long> include) {

    public static final List<String> OPERATORS = List.of("equals", "contains", "notEmpty", "empty");

    public boolean combined() {
        return "combined".equals(type);
    }

    public boolean matches(Contact contact, FieldCatalog catalog) {
        if (fieldId == null) {
            return true;
        }
        Field field = catalog.byId(fieldId);
        Object stored = field == null ? null : contact.value(field);
        String text = stored == null ? null : field.exportValue(stored, "en");
        switch (operator) {
            case "notEmpty":
                return text != null && !text.isEmpty();
            case "empty":
                return text == null || text.isEmpty();
            case "contains":
                return text != null && text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
            default:
                return text != null && (text.equalsIgnoreCase(value)
                        || (stored != null && stored.toString().equals(value)));
        }
    }
}
