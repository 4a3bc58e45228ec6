package io.camelemarsys.routes.bot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

/** Which action a request under the bot's path asks for, and its path parameters as headers. */
class BotPathsTest {

    private final BotPaths paths = new BotPaths();

    private Exchange routed(String method, String path) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, method);
        exchange.getMessage().setHeader(Exchange.HTTP_PATH, path);
        exchange.getMessage().setHeader("CamelEmarsysKeyField", "id");
        paths.route(exchange);
        return exchange;
    }

    private String action(String method, String path) {
        return routed(method, path).getProperty(BotPaths.ACTION, String.class);
    }

    @Test
    void eachActionByMethodAndPath() {
        paths.setPath("/brand/bot");
        assertEquals("openapi", action("GET", "/brand/bot/openapi.json"));
        assertEquals("get-contact", action("GET", "/brand/bot/contacts/ann@example.com"));
        assertEquals("update-contact", action("PUT", "/brand/bot/contacts/ann@example.com"));
        assertEquals("fields", action("GET", "/brand/bot/fields"));
        assertEquals("field-choices", action("GET", "/brand/bot/fields/gender/choices"));
        assertEquals("trigger-event", action("POST", "/brand/bot/events/order_shipped"));
    }

    @Test
    void otherPathsAndMethodsAreNoAction() {
        paths.setPath("/bot");
        assertEquals("not-found", action("GET", "/bot-b/fields"), "another bot's path is not this bot's");
        assertEquals("not-found", action("GET", "/bot"));
        assertEquals("not-found", action("GET", "/bot/contacts/"));
        assertEquals("not-found", action("GET", "/bot/contacts/a/b"));
        assertEquals("not-found", action("GET", "/bot/fields/gender"));
        assertEquals("method-not-allowed", action("DELETE", "/bot/contacts/ann@example.com"));
        assertEquals("method-not-allowed", action("GET", "/bot/events/order_shipped"));
        assertEquals("method-not-allowed", action("POST", "/bot/fields"));
    }

    @Test
    void pathParametersAreDecodedAndComponentHeadersDropped() {
        paths.setPath("/bot");
        Exchange contact = routed("GET", "/bot/contacts/ann+tag%40example.com");
        assertEquals("ann+tag@example.com", contact.getMessage().getHeader("key"), "a plus sign is no space in a path");
        assertNull(contact.getMessage().getHeader("CamelEmarsysKeyField"));
        assertEquals("First Name", routed("GET", "/bot/fields/First%20Name/choices").getMessage().getHeader("field"));
        assertEquals("bot handover", routed("POST", "/bot/events/bot%20handover").getMessage().getHeader("event"));
        IllegalArgumentException broken = assertThrows(IllegalArgumentException.class,
                () -> routed("GET", "/bot/contacts/100%zz"));
        assertTrue(broken.getMessage().contains("'100%zz'"), broken.getMessage());
    }

    @Test
    void aPathThatCannotServeIsRefusedNamingTheParameter() {
        for (String bad : new String[] {"bot", "/bot/", "/", "", "/bot/*", "/bot/{x}", "/my bot"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> paths.setPath(bad), bad);
            assertTrue(e.getMessage().startsWith("emarsys-bot-api parameter path is '" + bad + "'"), e.getMessage());
        }
    }
}
