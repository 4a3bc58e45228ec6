package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * The fields, labels and language of one message come as headers to one static endpoint (never as URI text), and a
 * bad header value is refused before any call, naming the header, the value and the fix.
 */
class PerMessageOptionsTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    @Test
    void contactGetTakesFieldsLabelsAndLanguageFromHeaders() {
        call("emarsys:contact/upsert", map("email", "hdr@example.com", "First Name", "Hedda", "gender", 2,
                "Preferred channels", List.of(1, 3)));
        Exchange labelled = call("emarsys:contact/get?fields=1", "hdr@example.com", Map.of(
                EmarsysConstants.FIELDS, List.of("gender", "Preferred channels", 1),
                EmarsysConstants.RESOLVE_CHOICES, true, EmarsysConstants.LANGUAGE, "de"));
        assertNull(labelled.getException());
        Map<?, ?> hedda = (Map<?, ?>) labelled.getMessage().getBody(List.class).get(0);
        assertEquals(List.of("id", "uid", "gender", "Preferred channels", "1"), List.copyOf(hedda.keySet()));
        assertEquals("Weiblich", hedda.get("gender"));
        assertEquals(List.of("E-Mail", "WhatsApp"), hedda.get("Preferred channels"));

        Exchange plain = call("emarsys:contact/get?resolveChoices=true", "hdr@example.com", Map.of(
                EmarsysConstants.FIELDS, "Vorname, gender", EmarsysConstants.RESOLVE_CHOICES, "false",
                EmarsysConstants.LANGUAGE, "de"));
        assertNull(plain.getException());
        Map<?, ?> ids = (Map<?, ?>) plain.getMessage().getBody(List.class).get(0);
        assertEquals("Hedda", ids.get("Vorname"), "a German field name in the header's language");
        assertEquals("2", ids.get("gender"), "the header's false beats the option's true");
    }

    @Test
    void fieldListAndChoicesTakeTheLanguageFromTheHeader() {
        Exchange german = call("emarsys:field/list", null, Map.of(EmarsysConstants.LANGUAGE, "de"));
        assertNull(german.getException());
        assertTrue(german.getMessage().getBody(String.class).contains("Vorname"), "German field names");
        assertEquals(1, requestsTo("GET", "/api/v2/field/translate/de"));

        Exchange choices = call("emarsys:field/choices", null, Map.of(EmarsysConstants.FIELDS, "gender",
                EmarsysConstants.LANGUAGE, "de"));
        assertNull(choices.getException());
        assertEquals("[{id=1, choice=Männlich}, {id=2, choice=Weiblich}]",
                String.valueOf(choices.getMessage().getBody(Map.class).get("gender")));
    }

    @Test
    void badHeaderValuesAreRefusedBeforeAnyCall() {
        call("emarsys:contact/upsert", map("email", "bad@example.com"));
        clearJournal();
        assertRefused(Map.of(EmarsysConstants.LANGUAGE, "en&tokenUrl=http://127.0.0.1:1/oauth2/token"),
                "Header CamelEmarsysLanguage is 'en&tokenUrl=http://127.0.0.1:1/oauth2/to...': set it to a "
                        + "two-letter language code such as en or de");
        assertRefused(Map.of(EmarsysConstants.RESOLVE_CHOICES, "true&baseUrl=http://127.0.0.1:1"),
                "Header CamelEmarsysResolveChoices is 'true&baseUrl=http://127.0.0.1:1': set it to true (choice "
                        + "labels) or false (choice ids)");
        assertRefused(Map.of(EmarsysConstants.FIELDS, "1&keyField=id"),
                "Unknown Emarsys field '1&keyField=id': use a field id, string id or name from field/list (names "
                        + "in English or 'en')");
        assertRefused(Map.of(EmarsysConstants.FIELDS, new java.util.HashMap<>(Map.of("a", 1))),
                "Header CamelEmarsysFields is a HashMap: set it to a comma-separated String or a List of "
                        + "field ids or names");
        assertEquals(0, requestsTo("POST", "/api/v2/contact/getdata"), "nothing was sent");
    }

    private void assertRefused(Map<String, Object> headers, String message) {
        Exchange exchange = call("emarsys:contact/get", "bad@example.com", headers);
        EmarsysInputException refused = assertInstanceOf(EmarsysInputException.class, exchange.getException());
        assertEquals(message, refused.getMessage());
    }
}
