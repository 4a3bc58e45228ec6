package io.camelemarsys.component.operation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.camelemarsys.component.EmarsysInputException;

/**
 * The {@code time_range} of {@code contact/getchanges}. Emarsys documents it as two dates ({@code YYYY-MM-DD});
 * date-times ({@code YYYY-MM-DD HH:MM:SS}, Vienna time) only work where Emarsys enabled them for the account. In
 * the date format the range widens to whole Vienna days: the start's day, and the day after the end unless the end
 * is a midnight, so that no change inside the asked instants is left out.
 */
final class ChangesTimeRange {

    static final String DATE = "date";
    static final String DATETIME = "datetime";

    private static final DateTimeFormatter EMARSYS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ChangesTimeRange() {
    }

    /** {@code [start, end]} as Emarsys reads them, in the given format ({@code date} or {@code datetime}). */
    static List<String> of(String since, String until, String format) {
        if (DATETIME.equals(format)) {
            return List.of(dateTime(since, "since"), dateTime(until, "until"));
        }
        if (!DATE.equals(format)) {
            throw new EmarsysInputException("changesTimeFormat " + EmarsysInputException.shown(format)
                    + " is neither date nor datetime; set changesTimeFormat=date (the documented format) or datetime "
                    + "(only where Emarsys enabled date-times for the account)");
        }
        LocalDate start = day(since, "since", false);
        LocalDate end = day(until, "until", true);
        return List.of(start.toString(), end.toString());
    }

    /** The Vienna day of a bound; an end that is not a midnight rounds up to the next day. */
    private static LocalDate day(String value, String name, boolean roundUp) {
        String text = value.trim();
        if (text.length() == 10) {
            return parseDate(text, value, name);
        }
        LocalDateTime vienna = instant(text, value, name).atZone(ExportRunner.VIENNA).toLocalDateTime();
        LocalDate day = vienna.toLocalDate();
        return roundUp && !vienna.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? day.plusDays(1) : day;
    }

    /** A bound as {@code YYYY-MM-DD HH:MM:SS} in Vienna time; a date stays a date. */
    private static String dateTime(String value, String name) {
        String text = value.trim();
        if (text.length() == 10) {
            return parseDate(text, value, name).toString();
        }
        return EMARSYS_TIME.format(instant(text, value, name).atZone(ExportRunner.VIENNA));
    }

    private static LocalDate parseDate(String text, String value, String name) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw invalid(value, name);
        }
    }

    private static Instant instant(String text, String value, String name) {
        try {
            return text.endsWith("Z") || text.matches(".*[+-]\\d{2}:\\d{2}$")
                    ? OffsetDateTime.parse(text).toInstant()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw invalid(value, name);
        }
    }

    private static EmarsysInputException invalid(String value, String name) {
        return new EmarsysInputException("export/changes: " + name + " " + EmarsysInputException.shown(value)
                + " is not a date (YYYY-MM-DD) or an ISO date-time (2024-05-01T10:00:00Z)");
    }
}
