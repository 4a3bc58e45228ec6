package io.camelemarsys.routes;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The webhook template's {@code idempotencyKeys}: where an event's idempotency key comes from, first present wins.
 * Parsed when the route's WebhookGuard bean is created, so a typo stops the start instead of failing every request.
 */
final class IdempotencyKeySources {

    static final Set<String> SOURCES = Set.of("eventId", "jti", "payload");

    private IdempotencyKeySources() {
    }

    static List<String> parse(String idempotencyKeys) {
        List<String> sources = new ArrayList<>();
        for (String source : idempotencyKeys.split(",")) {
            String name = source.trim();
            if (name.isEmpty()) {
                continue;
            }
            if (!SOURCES.contains(name)) {
                throw new IllegalArgumentException("The webhook parameter idempotencyKeys may list eventId, jti and payload, "
                        + "not '" + name + "' (in '" + idempotencyKeys + "')");
            }
            sources.add(name);
        }
        return sources;
    }
}
