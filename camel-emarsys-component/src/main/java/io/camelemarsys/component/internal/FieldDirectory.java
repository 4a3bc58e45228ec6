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
                EmarsysField field = ids.computeIfAbsent(id, i -> new EmarsysField(i, node.path("name").asText(),
                        node.path("string_id").asText(null), node.path("application_type").asText(), Map.of()));
                names.putIfAbsent(node.path("name").asText().toLowerCase(Locale.ROOT), field);
                if (field.stringId() != null) {
                    names.putIfAbsent(field.stringId().toLowerCase(Locale.ROOT), field);
                }
            }
        }
        byId = ids;
        byName = names;
        choices.clear();
        loadedAt = now;
    }
}
