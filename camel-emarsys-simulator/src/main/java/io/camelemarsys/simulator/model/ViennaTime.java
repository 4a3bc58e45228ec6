package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Emarsys prints timestamps as {@code YYYY-MM-DD HH:MM:SS} in its own zone, Vienna (CET / CEST). */
public final class ViennaTime {

    public static final ZoneId ZONE = ZoneId.of("Europe/Vienna");
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZONE);

    private ViennaTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
