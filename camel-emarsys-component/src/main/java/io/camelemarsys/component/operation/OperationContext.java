package io.camelemarsys.component.operation;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConfiguration;
import io.camelemarsys.component.EmarsysConfigurationException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysClient;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.FieldDirectory;

/**
 * What every operation of one endpoint shares: its configuration, the client, the field directory, and the
 * name-to-id caches of events and contact lists.
 */
public final class OperationContext {

    private final EmarsysConfiguration config;
    private final EmarsysClient client;
    private final FieldDirectory fields;
    private final Map<String, String> eventIds = new ConcurrentHashMap<>();
    private final Map<String, String> listIds = new ConcurrentHashMap<>();

    public OperationContext(EmarsysConfiguration config, EmarsysClient client, FieldDirectory fields) {
        this.config = config;
        this.client = client;
        this.fields = fields;
    }

    public EmarsysConfiguration config() {
        return config;
    }

    public EmarsysClient client() {
        return client;
    }

    public FieldDirectory fields() {
        return fields;
    }

    /** The key_id to send: {@code id} / {@code uid} as they are, else the id of the named field. */
    public String keyId(Exchange exchange) throws EmarsysApiException {
        String key = exchange.getMessage().getHeader(EmarsysConstants.KEY_FIELD, config.getKeyField(), String.class);
        if (key == null || key.isBlank()) {
            throw new EmarsysConfigurationException("keyField is empty: set it to a field id (3 = email), a field name, "
                    + "id or uid");
        }
        if ("id".equals(key) || "uid".equals(key)) {
            return key;
        }
        try {
            return Integer.toString(fields.resolve(key).id());
        } catch (EmarsysConfigurationException e) {
            throw e;
        } catch (EmarsysInputException e) { // the option names no field: no message can be sent with it
            throw new EmarsysConfigurationException("keyField: " + e.getMessage());
        }
    }

    /** An event id: the header, else the option; a name is looked up once in event/list. */
    public String eventId(Exchange exchange) throws EmarsysApiException {
        String event = exchange.getMessage().getHeader(EmarsysConstants.EVENT_ID, config.getEventId(), String.class);
        if (event == null || event.isBlank()) {
            throw new EmarsysConfigurationException("No external event given: set the eventId option or the "
                    + EmarsysConstants.EVENT_ID + " header to an event id or name (see event/list)");
        }
        return idByName(event, eventIds, "/event", "external event", "event/list or event/create");
    }

    /** A contact list id: the header, else the option; a name is looked up once in contactlist/list. */
    public String listId(Exchange exchange) throws EmarsysApiException {
        String list = exchange.getMessage().getHeader(EmarsysConstants.LIST_ID, config.getListId(), String.class);
        if (list == null || list.isBlank()) {
            throw new EmarsysConfigurationException("No contact list given: set the listId option or the "
                    + EmarsysConstants.LIST_ID + " header to a list id or name (see contactlist/list)");
        }
        return idByName(list, listIds, "/contactlist", "contact list", "contactlist/list or contactlist/create");
    }

    private String idByName(String idOrName, Map<String, String> cache, String path, String what, String fix)
            throws EmarsysApiException {
        String key = idOrName.trim();
        if (key.matches("\\d+")) {
            return key;
        }
        String cached = cache.get(key.toLowerCase(Locale.ROOT));
        if (cached != null) {
            return cached;
        }
        Envelope reply = client.call("GET", path, null);
        for (JsonNode item : reply.data()) {
            cache.put(item.path("name").asText().toLowerCase(Locale.ROOT), item.path("id").asText());
        }
        cached = cache.get(key.toLowerCase(Locale.ROOT));
        if (cached == null) {
            throw new EmarsysInputException("Unknown " + what + " " + EmarsysInputException.shown(idOrName)
                    + ": use an id or an existing name (" + fix + ")");
        }
        return cached;
    }

    /** Sets the reply headers every operation sets. */
    public static void replyHeaders(Exchange exchange, Envelope reply) {
        exchange.getMessage().setHeader(EmarsysConstants.REPLY_CODE, reply.replyCode());
        exchange.getMessage().setHeader(EmarsysConstants.REPLY_TEXT, reply.replyText());
    }
}
