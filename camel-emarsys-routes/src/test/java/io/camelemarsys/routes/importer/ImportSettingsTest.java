package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The import's settings print every setting but the store's password. */
class ImportSettingsTest {

    @Test
    void toStringNeverShowsThePassword() {
        ImportSettings settings = new ImportSettings(List.of("segment:1"), "First Name", "email", List.of("Phone"),
                "optin", Duration.ofHours(12), Duration.ofDays(7), Duration.ofHours(1), "DE", "emarsys.profiles", true,
                "jdbc:postgresql://db/emarsys?password=Url-Pw-4411", "emarsys", "Store-Pw-9902", "state", "lock");
        String text = settings.toString();
        assertTrue(text.contains("jdbcUser=emarsys") && text.contains("segment:1"), text);
        assertFalse(text.contains("Store-Pw-9902") || text.contains("Url-Pw-4411"), text);
    }
}
