package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import io.camelemarsys.simulator.model.FieldCatalog;

/** The embedded default's account: the demo contacts exist from the start, and its state lives and dies with it. */
class EmbeddedDefaultsTest {

    /** A broker address set, so that only the simulator is embedded. */
    private static final Map<String, String> ENV = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9");

    @Test
    void theDemoContactsThatReadmeNamesExistBeforeAnyRecordIsProduced() {
        try (EmbeddedDefaults defaults = EmbeddedDefaults.apply(ENV, new Main())) {
            var contacts = defaults.simulator().account().contacts();
            var email = contacts.keyField(Integer.toString(FieldCatalog.EMAIL));
            for (String demo : new String[] {"demo1@example.com", "demo300@example.com"}) {
                assertEquals(1, contacts.find(email, demo).size(), demo);
            }
        }
    }

    @Test
    void eachRunKeepsItsStateInItsOwnDirectoryAndRemovesItAtTheEnd() {
        Main first = new Main();
        Path firstDir;
        try (EmbeddedDefaults defaults = EmbeddedDefaults.apply(ENV, first)) {
            firstDir = defaults.dataDir();
            assertTrue(Files.isDirectory(firstDir));
            assertTrue(first.getOverrideProperties().getProperty("emarsys.store.jdbc-url").contains(firstDir.toString()));
        }
        assertFalse(Files.exists(firstDir), "removed with the simulator it describes");
        Main second = new Main();
        try (EmbeddedDefaults defaults = EmbeddedDefaults.apply(ENV, second)) {
            assertNotEquals(firstDir, defaults.dataDir(), "a second run starts from nothing");
        }
    }

    @Test
    void secretsGivenAsSystemPropertiesAreNeverReplacedByDemoValues() {
        System.setProperty("emarsys.webhook.jwt-secret", "my-own-webhook-secret-of-32-bytes-or-more");
        System.setProperty("emarsys.bot.api-key", "my-own-bot-key");
        Main main = new Main();
        try (EmbeddedDefaults defaults = EmbeddedDefaults.apply(ENV, main)) {
            assertNull(main.getOverrideProperties().getProperty("emarsys.webhook.jwt-secret"));
            assertNull(main.getOverrideProperties().getProperty("emarsys.bot.api-key"));
        } finally {
            System.clearProperty("emarsys.webhook.jwt-secret");
            System.clearProperty("emarsys.bot.api-key");
        }
        Main demo = new Main();
        try (EmbeddedDefaults defaults = EmbeddedDefaults.apply(ENV, demo)) {
            assertEquals("demo-bot-key", demo.getOverrideProperties().getProperty("emarsys.bot.api-key"), "demo values when nothing is set");
        }
    }
}
