package io.camelemarsys.component.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysInputException;

/**
 * The account's fields, read once and cached for {@code fieldCacheTtlSeconds}: resolves a field given as id
 * ({@code "3"}), string id ({@code email}) or name ({@code E-Mail}, in English or the configured language), and
 * translates choice labels to ids and back. An unknown name is refused before any call.
 */
public final class FieldDirectory {

    private final EmarsysClient client;
    private final String language;
    private final Duration ttl;
    private final Clock clock;
    private Map<Integer, EmarsysField> byId = Map.of();
    private Map<String, EmarsysField> byName = Map.of();
    private final Map<Integer, Map<Integer, String>> choices = new HashMap<>();
    /** Ids a reply held that the field list did not, even after a refresh: not worth another refresh until the TTL. */
    private final java.util.Set<Integer> unlisted = new java.util.HashSet<>();
    private Instant loadedAt = Instant.MIN;

    public FieldDirectory(EmarsysClient client, String language, Duration ttl, Clock clock) {
        this.client = client;
        this.language = language;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The field named by {@code idOrName}, or an EmarsysInputException that says how to find the right name. */
    public synchronized EmarsysField resolve(String idOrName) throws EmarsysApiException {
        load();
        String key = idOrName.trim();
        EmarsysField field = null;
        if (key.matches("\\d+")) {
            field = byId.get(Integer.parseInt(key));
        }
        if (field == null) {
            field = byName.get(key.toLowerCase(Locale.ROOT));
        }
        if (field == null) {
            throw new EmarsysInputException("Unknown Emarsys field " + EmarsysInputException.shown(idOrName)
                    + ": use a field id, string id or name from field/list (names in English or '" + language + "')");
        }
        return field;
    }

    /**
     * The field with this id as a reply names it (a getdata key), or null when the account does not list it: an id
     * not in the cache refreshes the list once (a field created since it was read), and an id still unknown is
     * remembered so that it costs no further refresh until the cache expires.
     */
    public synchronized EmarsysField listed(int id) throws EmarsysApiException {
        load();
        EmarsysField field = byId.get(id);
        if (field == null && !unlisted.contains(id)) {
            loadedAt = Instant.MIN;
            load();
            field = byId.get(id);
            if (field == null) {
                unlisted.add(id);
            }
        }
        return field;
    }

    public synchronized Collection<EmarsysField> all() throws EmarsysApiException {
        load();
        return byId.values();
    }

    /** Choice id to label, in the configured language, for a choice field (read once per field). */
    public synchronized Map<Integer, String> choices(EmarsysField field) throws EmarsysApiException {
        Map<Integer, String> cached = choices.get(field.id());
        if (cached == null) {
            cached = new LinkedHashMap<>();
            Envelope reply = client.call("GET", "/field/" + field.id() + "/choice/translate/" + language, null);
            for (JsonNode choice : reply.data()) {
                cached.put(choice.path("id").asInt(), choice.path("choice").asText());
            }
            choices.put(field.id(), cached);
        }
        return cached;
    }

    /** Forgets everything; the next use reads the fields again. */
    public synchronized void refresh() {
        loadedAt = Instant.MIN;
        choices.clear();
    }

    private void load() throws EmarsysApiException {
        Instant now = Instant.now(clock);
        if (loadedAt != Instant.MIN && now.isBefore(loadedAt.plus(ttl))) {
            return;
        }
        Map<Integer, EmarsysField> ids = new LinkedHashMap<>();
        Map<String, EmarsysField> names = new HashMap<>();
        for (String lang : "en".equals(language) ? List.of("en") : List.of(language, "en")) {
            Envelope reply = client.call("GET", "en".equals(lang) ? "/field" : "/field/translate/" + lang, null);
            for (JsonNode node : reply.data()) {
                int id = node.path("id").asInt();
                // some fields come with "name": null and "string_id": "" (recorded in the vendor's Scala SDK)
                String name = node.path("name").isTextual() ? node.path("name").asText() : "";
                EmarsysField field = ids.computeIfAbsent(id, i -> new EmarsysField(i, name,
                        node.path("string_id").asText(null), node.path("application_type").asText(), Map.of()));
                if (!name.isEmpty()) {
                    names.putIfAbsent(name.toLowerCase(Locale.ROOT), field);
                }
                if (field.stringId() != null && !field.stringId().isEmpty()) {
                    names.putIfAbsent(field.stringId().toLowerCase(Locale.ROOT), field);
                }
            }
        }
        byId = ids;
        byName = names;
        choices.clear();
        unlisted.clear();
        loadedAt = now;
    }
}
