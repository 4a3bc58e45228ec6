package io.camelemarsys.routes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.Exchange;

/**
 * The parameter names of a request's raw query. platform-http copies query parameters into headers, so an endpoint
 * that reads a credential from a header asks here whether the "header" was really a query parameter.
 */
public final class HttpQuery {

    private HttpQuery() {
    }

    /** The names (decoded, trimmed, lower case) of the request's query parameters. */
    public static Set<String> names(Exchange exchange) {
        return names(exchange.getMessage().getHeader(Exchange.HTTP_RAW_QUERY, String.class));
    }

    static Set<String> names(String rawQuery) {
        Set<String> names = new HashSet<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return names;
        }
        for (String pair : rawQuery.split("&")) {
            String name = pair.split("=", 2)[0];
            try {
                names.add(URLDecoder.decode(name, StandardCharsets.UTF_8).trim().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }
}
