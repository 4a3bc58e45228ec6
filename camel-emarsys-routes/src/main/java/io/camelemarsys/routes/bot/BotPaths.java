package io.camelemarsys.routes.bot;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;

/**
 * Which bot action a request asks for: reads the method and the path under the bot's {@code path} and sets the
 * exchange property {@link #ACTION} (one of {@code openapi, get-contact, update-contact, fields, field-choices,
 * trigger-event}, else {@code not-found} or {@code method-not-allowed}) and the path's parameters as the headers
 * {@code key}, {@code field} and {@code event}, decoded. The template's {@code choice} then runs the action; this
 * class only reads the request. It also drops every CamelEmarsys* header first: no header or query value of the
 * request may steer the emarsys component.
 */
public class BotPaths {

    /** The exchange property that names the action. */
    public static final String ACTION = "CamelEmarsysBotAction";

    private String path = "/bot";

    /** The bot's base path, for example {@code /bot}: it starts with a slash and does not end with one. */
    public void setPath(String path) {
        if (path == null || !path.matches("(/[^/?#*{}\\s]+)+")) {
            throw new IllegalArgumentException("emarsys-bot-api parameter path is '" + path + "': give a path that "
                    + "starts with / and names at least one segment, without a trailing /, * or {}, for example /bot");
        }
        this.path = path;
    }

    public void route(Exchange exchange) {
        BotQuery.dropComponentHeaders(exchange);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "", String.class);
        String requested = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        String action = "not-found";
        if (requested.startsWith(path + "/")) {
            String[] segments = requested.substring(path.length() + 1).split("/", -1);
            action = action(exchange, method, segments);
        }
        exchange.setProperty(ACTION, action);
    }

    private static String action(Exchange exchange, String method, String[] segments) {
        if (segments.length == 1 && segments[0].equals("openapi.json")) {
            return allowed(method, "GET", "openapi");
        }
        if (segments.length == 1 && segments[0].equals("fields")) {
            return allowed(method, "GET", "fields");
        }
        if (segments.length == 2 && segments[0].equals("contacts") && !segments[1].isEmpty()) {
            exchange.getMessage().setHeader("key", decoded(segments[1]));
            return "GET".equals(method) ? "get-contact" : "PUT".equals(method) ? "update-contact" : "method-not-allowed";
        }
        if (segments.length == 3 && segments[0].equals("fields") && !segments[1].isEmpty()
                && segments[2].equals("choices")) {
            exchange.getMessage().setHeader("field", decoded(segments[1]));
            return allowed(method, "GET", "field-choices");
        }
        if (segments.length == 2 && segments[0].equals("events") && !segments[1].isEmpty()) {
            exchange.getMessage().setHeader("event", decoded(segments[1]));
            return allowed(method, "POST", "trigger-event");
        }
        return "not-found";
    }

    private static String allowed(String method, String expected, String action) {
        return expected.equals(method) ? action : "method-not-allowed";
    }

    /** A path segment as text: percent escapes decoded, a plus sign kept (it is no space in a path). */
    private static String decoded(String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The path segment '" + segment + "' has a broken percent escape: "
                    + "encode '%' as %25");
        }
    }
}
