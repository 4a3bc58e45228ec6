package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.camelemarsys.component.internal.Envelope;

/** Splits prepared items into requests by count and by serialised size, keeping their order. */
final class Batches {

    /** An item ready to send: its key value, what goes into the request, and the item as the route gave it. */
    record Prepared(String key, Object payload, Object original) {
    }

    private Batches() {
    }

    static List<List<Prepared>> split(List<Prepared> items, int maxCount, long maxBytes) {
        List<List<Prepared>> chunks = new ArrayList<>();
        List<Prepared> chunk = new ArrayList<>();
        long bytes = 0;
        for (Prepared item : items) {
            long size = size(item.payload()) + 1;
            if (!chunk.isEmpty() && (chunk.size() >= maxCount || bytes + size > maxBytes)) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                bytes = 0;
            }
            chunk.add(item);
            bytes += size;
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        return chunks;
    }

    static long size(Object payload) {
        try {
            return Envelope.JSON.writeValueAsBytes(payload).length;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("An item cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}
