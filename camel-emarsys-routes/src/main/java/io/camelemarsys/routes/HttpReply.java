package io.camelemarsys.routes;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;

/**
 * The replies of our HTTP routes (the webhook, the bot API): a JSON body, or a refusal as RFC 7807 problem JSON
 * {@code {type, title, status, detail}}, so every refusal a caller sees has one shape.
 */
public final class HttpReply {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpReply() {
    }

    /** Replaces the message with {@code body} as {@code application/json} and this status. */
    public static void json(Exchange exchange, int status, Object body) {
        write(exchange, status, body, "application/json");
    }

    /** Replaces the message with a problem; {@code replyCode} (the Emarsys one) is added when not null. */
    public static void problem(Exchange exchange, int status, String title, String detail, Integer replyCode) {
        Map<String, Object> problem = problem(status, title, detail);
        if (replyCode != null) {
            problem.put("replyCode", replyCode);
        }
        write(exchange, status, problem, "application/problem+json");
    }

    /** The problem as JSON text, for a reply written outside a route (the HTTP server's own refusals). */
    public static String problemText(int status, String title, String detail) {
        return text(problem(status, title, detail));
    }

    private static Map<String, Object> problem(int status, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static void write(Exchange exchange, int status, Object body, String contentType) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(text(body));
    }

    private static String text(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A reply body could not be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
