package io.camelemarsys.component.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysInputException;

/** contact/getchanges time ranges: whole Vienna days by default, Vienna date-times on request. */
class ChangesTimeRangeTest {

    @Test
    void datesCoverEveryViennaDayTheInstantsTouch() {
        // 22:30 UTC on 1 May is 00:30 on 2 May in Vienna (CEST); the end rounds up to the next day
        assertEquals(List.of("2024-05-02", "2024-05-03"),
                ChangesTimeRange.of("2024-05-01T22:30:00Z", "2024-05-02T08:00:00Z", "date"));
        // an end at a Vienna midnight is already a whole day
        assertEquals(List.of("2024-05-01", "2024-05-02"),
                ChangesTimeRange.of("2024-05-01T10:00:00Z", "2024-05-01T22:00:00Z", "date"));
        assertEquals(List.of("2024-05-01", "2024-05-02"), ChangesTimeRange.of("2024-05-01", "2024-05-02", "date"));
    }

    @Test
    void dateTimesAreViennaLocalTime() {
        assertEquals(List.of("2024-01-15 11:00:00", "2024-01-15 13:30:00"),
                ChangesTimeRange.of("2024-01-15T10:00:00Z", "2024-01-15T12:30:00Z", "datetime"));
    }

    @Test
    void badValuesNameTheBoundAndTheFix() {
        EmarsysInputException bound = assertThrows(EmarsysInputException.class,
                () -> ChangesTimeRange.of("yesterday", "2024-05-02", "date"));
        assertTrue(bound.getMessage().contains("since") && bound.getMessage().contains("yesterday"),
                bound.getMessage());
        EmarsysInputException format = assertThrows(EmarsysInputException.class,
                () -> ChangesTimeRange.of("2024-05-01", "2024-05-02", "hours"));
        assertTrue(format.getMessage().contains("changesTimeFormat"), format.getMessage());
    }
}
