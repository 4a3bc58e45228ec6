package io.camelemarsys.routes.bot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.model.rest.RestParamType;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.component.EmarsysPartialFailureException;
import io.camelemarsys.routes.HttpReply;
import io.camelemarsys.routes.HttpQuery;

/**
 * Chatlayer's Emarsys actions as an HTTP/JSON API (Camel REST DSL on platform-http, OpenAPI at
 * {@code /bot/openapi.json}): get contact data (with or without enumeration labels), update a contact, list fields,
 * list the options of a choice field, trigger an external event. Every call needs the API key
 * ({@code X-API-Key}, property {@code emarsys.bot.api-key}); every error is RFC 7807 problem JSON that carries the
 * Emarsys reply code when there is one. Query values are data: checked (a bad one is a 400), passed as headers to one
 * static endpoint per action, and no header of the request reaches the emarsys component.
 */
public class BotApiRoutes extends RouteBuilder {

    static final String API_KEY_HEADER = "X-API-Key";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void configure() {
        BotQuery query = new BotQuery(getContext().resolvePropertyPlaceholders("{{emarsys.bot.language:en}}"),
                getContext().resolvePropertyPlaceholders("{{emarsys.bot.languages:en,de}}"));
        restConfiguration().component("platform-http").bindingMode(RestBindingMode.off)
                .apiContextPath("/bot/openapi.json")
                .apiProperty("api.title", "camel-emarsys bot actions")
                .apiProperty("api.version", "1.0")
                .apiProperty("api.description", "Emarsys contact data and events for chat bots");

        onException(EmarsysPartialFailureException.class).handled(true).process(this::partialFailure);
        onException(EmarsysApiException.class).handled(true).process(exchange -> {
            EmarsysApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, EmarsysApiException.class);
            problem(exchange, 502, "Emarsys refused the call", e.getReplyText(), e.getReplyCode());
        });
        onException(IllegalArgumentException.class).handled(true).process(exchange -> problem(exchange, 400,
                "Bad request", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).getMessage(), null));

        rest("/bot").description("Chatlayer-style actions on Emarsys")
                .get("/contacts/{key}").id("bot-get-contact").description("Contact data by key (e-mail by default)")
                    .param().name("key").type(RestParamType.path).description("The contact's key value").endParam()
                    .param().name("fields").type(RestParamType.query).required(false)
                        .description("Fields by name or id, comma-separated").endParam()
                    .param().name("labels").type(RestParamType.query).required(false)
                        .description("true: choice values as labels (enumeration values)").endParam()
                    .param().name("language").type(RestParamType.query).required(false)
                        .description("Two-letter language of names and labels (emarsys.bot.languages)").endParam()
                    .to("direct:bot-get-contact")
                .put("/contacts/{key}").id("bot-update-contact").description("Update fields of an existing contact")
                    .consumes("application/json").to("direct:bot-update-contact")
                .get("/fields").id("bot-fields").description("The contact fields").to("direct:bot-fields")
                .get("/fields/{field}/choices").id("bot-field-choices")
                    .description("Options of a single- or multi-choice field").to("direct:bot-field-choices")
                .post("/events/{event}").id("bot-trigger-event").description("Trigger an external event for a contact")
                    .consumes("application/json").to("direct:bot-trigger-event");

        from("direct:bot-get-contact").routeId("bot-get-contact-impl")
                .process(this::authorize)
                .process(query::contact)
                .setBody(header("key"))
                .to("emarsys:contact/get?keyField={{emarsys.bot.key-field:email}}&failOnPartialErrors=true")
                .process(exchange -> {
                    List<?> found = exchange.getMessage().getBody(List.class);
                    if (found == null || found.isEmpty()) {
                        problem(exchange, 404, "No such contact", "No contact has this key value", 2008);
                        return;
                    }
                    json(exchange, 200, found.get(0));
                });

        from("direct:bot-update-contact").routeId("bot-update-contact-impl")
                .process(this::authorize)
                .process(exchange -> {
                    Map<String, Object> fields = readObject(exchange);
                    fields.put(exchange.getContext().resolvePropertyPlaceholders("{{emarsys.bot.key-field:email}}"),
                            exchange.getMessage().getHeader("key"));
                    exchange.getMessage().setBody(fields);
                })
                .to("emarsys:contact/update?keyField={{emarsys.bot.key-field:email}}")
                .process(exchange -> json(exchange, 200, Map.of("status", "updated",
                        "id", exchange.getMessage().getBody(io.camelemarsys.component.EmarsysBatchResult.class).ids())));

        from("direct:bot-fields").routeId("bot-fields-impl")
                .process(this::authorize)
                .process(query::language)
                .to("emarsys:field/list")
                .process(exchange -> json(exchange, 200, exchange.getMessage().getBody()));

        from("direct:bot-field-choices").routeId("bot-field-choices-impl")
                .process(this::authorize)
                .process(query::language)
                .setBody(header("field"))
                .to("emarsys:field/choices")
                .process(exchange -> json(exchange, 200,
                        exchange.getMessage().getBody(Map.class).values().iterator().next()));

        from("direct:bot-trigger-event").routeId("bot-trigger-event-impl")
                .process(this::authorize)
                .process(exchange -> {
                    Map<String, Object> body = readObject(exchange);
                    if (body.get("key") == null) {
                        throw new IllegalArgumentException("The body needs key: the contact's key value, for example "
                                + "{\"key\": \"ann@example.com\", \"data\": {\"global\": {...}}}");
                    }
                    exchange.getMessage().setHeader(EmarsysConstants.EVENT_ID, exchange.getMessage().getHeader("event"));
                    exchange.getMessage().setBody(body);
                })
                .to("emarsys:event/trigger?keyField={{emarsys.bot.key-field:email}}")
                .process(exchange -> json(exchange, 202, Map.of("status", "triggered")));
    }

    /** The API key check; and no header of the request may steer the emarsys component. */
    private void authorize(Exchange exchange) {
        BotQuery.dropComponentHeaders(exchange);
        String expected = exchange.getContext().resolvePropertyPlaceholders("{{emarsys.bot.api-key}}");
        // platform-http turns ?X-API-Key= into a header: a key in the query (logged by proxies) is no key
        String given = HttpQuery.names(exchange).contains("x-api-key") ? null
                : exchange.getMessage().getHeader(API_KEY_HEADER, String.class);
        if (given == null || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8))) {
            throw new BotUnauthorizedException();
        }
    }

    /** A refused API key; handled into a 401 problem. */
    static final class BotUnauthorizedException extends IllegalArgumentException {
        BotUnauthorizedException() {
            super("Send the API key in the X-API-Key header");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readObject(Exchange exchange) throws Exception {
        String text = exchange.getMessage().getBody(String.class);
        Object parsed;
        try {
            parsed = text == null || text.isBlank() ? null : JSON.readValue(text, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException("The body must be a JSON object");
        }
        return new LinkedHashMap<>((Map<String, Object>) parsed);
    }

    private void partialFailure(Exchange exchange) {
        EmarsysPartialFailureException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT,
                EmarsysPartialFailureException.class);
        EmarsysFailedItem first = e.getFailedItems().get(0);
        int status = first.replyCode() == 2008 ? 404 : first.replyCode() == -1 ? 400 : 422;
        problem(exchange, status, status == 404 ? "No such contact" : "Emarsys refused the values", first.replyText(),
                first.replyCode());
    }

    static void problem(Exchange exchange, int status, String title, String detail, Integer replyCode) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught instanceof BotUnauthorizedException) {
            status = 401;
            title = "Unauthorized";
            replyCode = null;
        }
        HttpReply.problem(exchange, status, title, detail, replyCode);
    }

    private static void json(Exchange exchange, int status, Object body) {
        HttpReply.json(exchange, status, body);
    }
}
