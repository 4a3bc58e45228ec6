package io.camelemarsys.component.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.component.EmarsysApiException;

/**
 * The names of one account's external events ({@code GET /event}) or contact lists ({@code GET /contactlist}),
 * read once and cached for {@code fieldCacheTtlSeconds} like the field list, and shared by the account's endpoints.
 * A name not in the cache reads the list again once (an event or list created since), so a typo costs one read.
 */
public final class NameDirectory {

    private final EmarsysClient client;
    private final String path;
    private final Duration ttl;
    private final Clock clock;
    private Map<String, String> exact = new HashMap<>();
    private Map<String, String> folded = new HashMap<>();
    private Instant loadedAt = Instant.MIN;

    /** {@code path} is the list call: {@code /event} or {@code /contactlist}; each item has {@code id} and {@code name}. */
    public NameDirectory(EmarsysClient client, String path, Duration ttl, Clock clock) {
        this.client = client;
        this.path = path;
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The id of the item with this name (the exact name first, else the one name that matches ignoring case), or
     * null when the account has none, even after reading the list again.
     */
    public synchronized String id(String name) throws EmarsysApiException {
        Instant now = Instant.now(clock);
        if (loadedAt == Instant.MIN || !now.isBefore(loadedAt.plus(ttl))) {
            load(now);
        }
        String id = lookUp(name);
        if (id == null) {
            load(now);
            id = lookUp(name);
        }
        return id;
    }

    /** Records an item this component just created, so that the next message needs no read. */
    public synchronized void created(String name, String id) {
        exact.put(name, id);
        folded.put(name.toLowerCase(Locale.ROOT), id);
    }

    private String lookUp(String name) {
        String id = exact.get(name);
        return id != null ? id : folded.get(name.toLowerCase(Locale.ROOT));
    }

    private void load(Instant now) throws EmarsysApiException {
        Map<String, String> names = new HashMap<>();
        Map<String, String> lower = new HashMap<>();
        for (JsonNode item : client.call("GET", path, null).data()) {
            String name = item.path("name").asText();
            String id = item.path("id").asText();
            names.put(name, id);
            // two names that differ only in case are not guessed between
            lower.merge(name.toLowerCase(Locale.ROOT), id, (a, b) -> a.equals(b) ? a : "");
        }
        lower.values().removeIf(String::isEmpty);
        exact = names;
        folded = lower;
        loadedAt = now;
    }
}
