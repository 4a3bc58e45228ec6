package io.camelemarsys.routes.bot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Exchange;

import io.camelemarsys.routes.HttpQuery;

/**
 * The bot's API key check: the request must carry the key in the {@code X-API-Key} header. The key reaches this
 * bean as a property (template parameter {@code apiKey}), never as text of a route; a bot without a key refuses
 * every call.
 */
public class BotApiKey {

    static final String HEADER = "X-API-Key";

    private byte[] apiKey = new byte[0];

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null ? new byte[0] : apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Throws {@link BotUnauthorizedException} unless the request carries the key in its header. */
    public void authorize(Exchange exchange) {
        // platform-http turns ?X-API-Key= into a header: a key in the query (logged by proxies) is no key
        String given = HttpQuery.names(exchange).contains("x-api-key") ? null
                : exchange.getMessage().getHeader(HEADER, String.class);
        if (apiKey.length == 0 || given == null
                || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), apiKey)) {
            throw new BotUnauthorizedException();
        }
    }

    @Override
    public String toString() {
        return "BotApiKey[xxxxxx]";
    }
}
