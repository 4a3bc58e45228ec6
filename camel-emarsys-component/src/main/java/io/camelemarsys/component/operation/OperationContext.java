package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

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
 * What every operation of one endpoint shares: its configuration, the client, the field directories (one per
 * language, shared by the account's endpoints), the name-to-id caches of events and contact lists, and the
 * per-message header overrides of the options, each checked before any call.
 */
public final class OperationContext {

    private final EmarsysConfiguration config;
    private final EmarsysClient client;
    private final Function<String, FieldDirectory> directories;
    private final Map<String, String> eventIds = new ConcurrentHashMap<>();
    private final Map<String, String> listIds = new ConcurrentHashMap<>();

    /** {@code directories} gives the field directory of a language (shared, so the field list is read once). */
    public OperationContext(EmarsysConfiguration config, EmarsysClient client,
                            Function<String, FieldDirectory> directories) {
        this.config = config;
        this.client = client;
        this.directories = directories;
    }

    public EmarsysConfiguration config() {
        return config;
    }

    public EmarsysClient client() {
        return client;
    }

    /** The field directory in the configured language. */
    public FieldDirectory fields() {
        return directories.apply(config.getLanguage());
    }

    /** The field directory in this message's language. */
    public FieldDirectory fields(Exchange exchange) {
        return directories.apply(language(exchange));
    }

    /** The language: the CamelEmarsysLanguage header, else the option; two lowercase letters. */
    public String language(Exchange exchange) {
        Object value = exchange.getMessage().getHeader(EmarsysConstants.LANGUAGE);
        if (value == null) {
            return config.getLanguage();
        }
        if (!(value instanceof String text) || !text.matches("[a-z]{2}")) {
            throw new EmarsysInputException("Header " + EmarsysConstants.LANGUAGE + " is "
                    + EmarsysInputException.shown(value) + ": set it to a two-letter language code such as en or de");
        }
        return text;
    }

    /** Whether to return choice labels: the CamelEmarsysResolveChoices header (true/false), else the option. */
    public boolean resolveChoices(Exchange exchange) {
        Object value = exchange.getMessage().getHeader(EmarsysConstants.RESOLVE_CHOICES);
        if (value == null) {
            return config.isResolveChoices();
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if ("true".equalsIgnoreCase(String.valueOf(value)) || "false".equalsIgnoreCase(String.valueOf(value))) {
            return Boolean.parseBoolean(String.valueOf(value));
        }
        throw new EmarsysInputException("Header " + EmarsysConstants.RESOLVE_CHOICES + " is "
                + EmarsysInputException.shown(value) + ": set it to true (choice labels) or false (choice ids)");
    }

    /**
     * The fields asked for, by id or name, in order: the CamelEmarsysFields header (a comma-separated String or a
     * List), else the fields option; empty when neither names any. Names are checked against the field list by
     * the caller.
     */
    public List<String> fieldNames(Exchange exchange) {
        Object value = exchange.getMessage().getHeader(EmarsysConstants.FIELDS);
        List<String> names = new ArrayList<>();
        if (value == null) {
            split(config.getFields(), names);
        } else if (value instanceof String text) {
            split(text, names);
        } else if (value instanceof Collection<?> items) {
            for (Object item : items) {
                if (!(item instanceof String || item instanceof Number) || String.valueOf(item).isBlank()) {
                    throw new EmarsysInputException("Header " + EmarsysConstants.FIELDS + " holds "
                            + EmarsysInputException.shown(item) + ": each field must be a field id or name");
                }
                names.add(String.valueOf(item).trim());
            }
        } else {
            throw new EmarsysInputException("Header " + EmarsysConstants.FIELDS + " is a "
                    + value.getClass().getSimpleName() + ": set it to a comma-separated String or a List of field "
                    + "ids or names");
        }
        return names;
    }

    private static void split(String names, List<String> into) {
        if (names != null) {
            for (String name : names.split(",")) {
                if (!name.isBlank()) {
                    into.add(name.trim());
                }
            }
        }
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
            return Integer.toString(fields().resolve(key).id());
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
