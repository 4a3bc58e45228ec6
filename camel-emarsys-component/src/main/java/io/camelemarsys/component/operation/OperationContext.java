package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConfiguration;
import io.camelemarsys.component.EmarsysConfigurationException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysClient;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.FieldDirectory;
import io.camelemarsys.component.internal.NameDirectory;

/**
 * What every operation of one endpoint shares: its configuration, the client, the field directories (one per
 * language) and the names of events and contact lists (all shared by the account's endpoints), and the
 * per-message header overrides of the options, each checked before any call.
 */
public final class OperationContext {

    private final EmarsysConfiguration config;
    private final EmarsysClient client;
    private final Function<String, FieldDirectory> directories;
    private final NameDirectory events;
    private final NameDirectory lists;

    /**
     * {@code directories} gives the field directory of a language; {@code events} and {@code lists} are the
     * account's event and contact list names. All are shared by the account's endpoints, so each list is read once.
     */
    public OperationContext(EmarsysConfiguration config, EmarsysClient client,
                            Function<String, FieldDirectory> directories, NameDirectory events, NameDirectory lists) {
        this.config = config;
        this.client = client;
        this.directories = directories;
        this.events = events;
        this.lists = lists;
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

    /**
     * The key_id to send: the CamelEmarsysKeyField header, else the keyField option; {@code id} / {@code uid} as
     * they are, else the id of the named field.
     */
    public String keyId(Exchange exchange) throws EmarsysApiException {
        Object header = exchange.getMessage().getHeader(EmarsysConstants.KEY_FIELD);
        if (header == null) {
            String key = config.getKeyField();
            if (key == null || key.isBlank()) {
                throw new EmarsysConfigurationException("keyField is empty: set it to a field id (3 = email), a field "
                        + "name, id or uid");
            }
            try {
                return keyId(key);
            } catch (EmarsysConfigurationException e) {
                throw e;
            } catch (EmarsysInputException e) { // the option names no field: no message can be sent with it
                throw new EmarsysConfigurationException("keyField: " + e.getMessage());
            }
        }
        String key = headerText(header, EmarsysConstants.KEY_FIELD, "a field id (3 = email), a field name, id or uid");
        try {
            return keyId(key);
        } catch (EmarsysConfigurationException e) {
            throw e;
        } catch (EmarsysInputException e) {
            throw new EmarsysInputException("Header " + EmarsysConstants.KEY_FIELD + " is "
                    + EmarsysInputException.shown(header) + ": " + e.getMessage());
        }
    }

    private String keyId(String key) throws EmarsysApiException {
        String trimmed = key.trim();
        if ("id".equals(trimmed) || "uid".equals(trimmed)) {
            return trimmed;
        }
        return Integer.toString(fields().resolve(trimmed).id());
    }

    /**
     * The event to trigger: the CamelEmarsysEventId header (an id, or a name), else the CamelEmarsysEventName header,
     * else the eventId option, else the eventName option. A name is looked up in the account's event list.
     */
    public String eventId(Exchange exchange) throws EmarsysApiException {
        Given event = given(exchange, EmarsysConstants.EVENT_ID, EmarsysConstants.EVENT_NAME, config.getEventId(),
                config.getEventName(), "eventId", "eventName", "external event", "an external event id or name (see event/list)");
        String id = event.id() != null ? event.id() : events.id(event.name());
        if (id == null) {
            throw new EmarsysInputException("Unknown external event " + EmarsysInputException.shown(event.name())
                    + " (from " + event.source() + "): the account has no event of that name; create it (event/create "
                    + "or the Emarsys UI) or use an existing name or id from event/list");
        }
        return id;
    }

    /** A contact list id: as {@link #list(Exchange)} finds it; an unknown name is refused. */
    public String listId(Exchange exchange) throws EmarsysApiException {
        ContactListRef list = list(exchange);
        if (list.id() == null) {
            throw unknownList(list);
        }
        return list.id();
    }

    /** The contact list no list of the account is named like. */
    EmarsysInputException unknownList(ContactListRef list) {
        return new EmarsysInputException("Unknown contact list " + EmarsysInputException.shown(list.name())
                + " (from " + list.source() + "): the account has no list of that name; create it (contactlist/create, "
                + "or createMissingList=true on contactlist/add) or use an existing name or id from contactlist/list");
    }

    /**
     * The contact list: the CamelEmarsysListId header (an id, or a name), else the CamelEmarsysListName header, else
     * the listId option, else the listName option. A name is looked up in the account's lists; the id is null when
     * no list has that name.
     */
    ContactListRef list(Exchange exchange) throws EmarsysApiException {
        Given list = given(exchange, EmarsysConstants.LIST_ID, EmarsysConstants.LIST_NAME, config.getListId(),
                config.getListName(), "listId", "listName", "contact list", "a contact list id or name (see contactlist/list)");
        return new ContactListRef(list.id() != null ? list.id() : lists.id(list.name()), list.name(), list.source());
    }

    /** The account's contact lists by name (shared by its endpoints). */
    NameDirectory lists() {
        return lists;
    }

    /** A contact list as a message names it: its id (null for a name no list has), its name, and where it came from. */
    record ContactListRef(String id, String name, String source) {
    }

    /** An id (digits) or a name, and the header or option that gave it. */
    private record Given(String id, String name, String source) {
    }

    /**
     * The per-message headers beat the options; an id header or option that holds a name is a name (the headers
     * and options always took both). Both headers at once are refused, as are both options.
     */
    private static Given given(Exchange exchange, String idHeader, String nameHeader, String idOption,
                               String nameOption, String idOptionName, String nameOptionName, String thing,
                               String what) {
        Object byId = exchange.getMessage().getHeader(idHeader);
        Object byName = exchange.getMessage().getHeader(nameHeader);
        if (byId != null && byName != null) {
            throw new EmarsysInputException("Headers " + idHeader + " (" + EmarsysInputException.shown(byId) + ") and "
                    + nameHeader + " (" + EmarsysInputException.shown(byName) + ") are both set: set only one of them");
        }
        if (byId != null) {
            return idOrName(headerText(byId, idHeader, what), "header " + idHeader);
        }
        if (byName != null) {
            return new Given(null, headerText(byName, nameHeader, what).trim(), "header " + nameHeader);
        }
        if (idOption != null && !idOption.isBlank()) {
            return idOrName(idOption, "option " + idOptionName);
        }
        if (nameOption != null && !nameOption.isBlank()) {
            return new Given(null, nameOption.trim(), "option " + nameOptionName);
        }
        throw new EmarsysConfigurationException("No " + thing + " given: set the " + idOptionName + " or " + nameOptionName + " option, or the " + idHeader + " or "
                + nameHeader + " header, to " + what);
    }

    private static Given idOrName(String value, String source) {
        String trimmed = value.trim();
        return trimmed.matches("\\d+") ? new Given(trimmed, trimmed, source) : new Given(null, trimmed, source);
    }

    /** A header that must hold one text value (a String or a number), not blank. */
    private static String headerText(Object value, String header, String fix) {
        if (!(value instanceof String || value instanceof Number) || String.valueOf(value).isBlank()) {
            throw new EmarsysInputException("Header " + header + " is " + EmarsysInputException.shown(value)
                    + ": set it to " + fix);
        }
        return String.valueOf(value).trim();
    }

    /** The export id: the CamelEmarsysExportId header, else the exportId option; digits. */
    public String exportId(Exchange exchange) {
        String id = exchange.getMessage().getHeader(EmarsysConstants.EXPORT_ID, config.getExportId(), String.class);
        if (id == null || !id.trim().matches("\\d+")) {
            throw new EmarsysInputException("No export id: set the exportId option or the " + EmarsysConstants.EXPORT_ID
                    + " header, was " + EmarsysInputException.shown(id));
        }
        return id.trim();
    }

    /** Sets the reply headers every operation sets. */
    public static void replyHeaders(Exchange exchange, Envelope reply) {
        exchange.getMessage().setHeader(EmarsysConstants.REPLY_CODE, reply.replyCode());
        exchange.getMessage().setHeader(EmarsysConstants.REPLY_TEXT, reply.replyText());
    }
}
