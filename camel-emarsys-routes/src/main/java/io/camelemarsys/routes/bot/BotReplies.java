package io.camelemarsys.routes.bot;

import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysBatchResult;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysPartialFailureException;
import io.camelemarsys.routes.HttpReply;

/**
 * The bot's answers: the emarsys endpoint's result as JSON, or an RFC 7807 problem that carries the Emarsys reply
 * code when there is one (see {@link HttpReply}).
 */
public final class BotReplies {

    private BotReplies() {
    }

    /** contact/get: the first contact found, else 404. */
    public static void contact(Exchange exchange) {
        List<?> found = exchange.getMessage().getBody(List.class);
        if (found == null || found.isEmpty()) {
            HttpReply.problem(exchange, 404, "No such contact", "No contact has this key value", 2008);
            return;
        }
        HttpReply.json(exchange, 200, found.get(0));
    }

    /** contact/update: the ids Emarsys reports. */
    public static void updated(Exchange exchange) {
        HttpReply.json(exchange, 200, Map.of("status", "updated",
                "id", exchange.getMessage().getBody(EmarsysBatchResult.class).ids()));
    }

    /** field/list: the fields as they are. */
    public static void fields(Exchange exchange) {
        HttpReply.json(exchange, 200, exchange.getMessage().getBody());
    }

    /** field/choices for one field: that field's choices. */
    public static void choices(Exchange exchange) {
        HttpReply.json(exchange, 200, exchange.getMessage().getBody(Map.class).values().iterator().next());
    }

    /** event/trigger: accepted. */
    public static void triggered(Exchange exchange) {
        HttpReply.json(exchange, 202, Map.of("status", "triggered"));
    }

    public static void unauthorized(Exchange exchange) {
        HttpReply.problem(exchange, 401, "Unauthorized", caught(exchange).getMessage(), null);
    }

    public static void badRequest(Exchange exchange) {
        HttpReply.problem(exchange, 400, "Bad request", caught(exchange).getMessage(), null);
    }

    /** Emarsys refused the whole call. */
    public static void emarsysRefused(Exchange exchange) {
        EmarsysApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, EmarsysApiException.class);
        HttpReply.problem(exchange, 502, "Emarsys refused the call", e.getReplyText(), e.getReplyCode());
    }

    /** Emarsys refused the item: an unknown contact is a 404, a bad value a 400 or 422. */
    public static void refusedItem(Exchange exchange) {
        EmarsysPartialFailureException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                EmarsysPartialFailureException.class);
        EmarsysFailedItem first = e.getFailedItems().get(0);
        int status = first.replyCode() == 2008 ? 404 : first.replyCode() == -1 ? 400 : 422;
        HttpReply.problem(exchange, status, status == 404 ? "No such contact" : "Emarsys refused the values",
                first.replyText(), first.replyCode());
    }

    /** A path the bot does not serve, or a method its path does not take. */
    public static void noSuchAction(Exchange exchange) {
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if ("method-not-allowed".equals(exchange.getProperty(BotPaths.ACTION))) {
            HttpReply.problem(exchange, 405, "Method not allowed", method + " is not an action on " + path
                    + "; see the bot's openapi.json", null);
        } else {
            HttpReply.problem(exchange, 404, "Not found", path + " is no bot action; see the bot's openapi.json",
                    null);
        }
    }

    private static Throwable caught(Exchange exchange) {
        return exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
    }
}
