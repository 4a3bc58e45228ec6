package io.camelemarsys.routes.bot;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;

import io.camelemarsys.routes.HttpReply;

/**
 * The bot's OpenAPI document, served at {@code <path>/openapi.json}. Camel's REST DSL cannot live in a route
 * template, so the document is not generated from the routes: it is the static {@code openapi.json} next to this
 * class, whose paths are relative, with the bot's own path put in front of each.
 */
public class BotOpenApi {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode document;

    /** {@code path}: the bot's base path, for example {@code /bot}. */
    public BotOpenApi(String path) throws IOException {
        JsonNode template;
        try (InputStream in = BotOpenApi.class.getResourceAsStream("openapi.json")) {
            template = JSON.readTree(in);
        }
        ObjectNode paths = JSON.createObjectNode();
        for (Map.Entry<String, JsonNode> entry : template.path("paths").properties()) {
            paths.set(path + entry.getKey(), entry.getValue());
        }
        ((ObjectNode) template).set("paths", paths);
        document = template;
    }

    public void document(Exchange exchange) {
        HttpReply.json(exchange, 200, document);
    }
}
