package io.camelemarsys.component.internal;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** The server's clock as a reply's {@code Date} header tells it (whole seconds), or null. */
final class ServerDate {

    private ServerDate() {
    }

    static Instant of(HttpHeaders headers) {
        return headers.firstValue("Date").map(date -> {
            try {
                return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }).orElse(null);
    }
}
