package io.camelemarsys.component.operation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.internal.EmarsysClient;
import io.camelemarsys.component.internal.Envelope;

/**
 * contactlist/members: a lazy Iterator of the members' internal contact ids. Pages ({@code $top} = batchSize, at
 * most 100,000) are read only as the iterator is consumed, by following {@code next} until it is null, so
 * {@code split(body()).streaming()} walks a list of any size in bounded memory.
 */
public final class ContactListMembers implements Operation {

    public static final int MAX_PAGE = 100_000;

    private final OperationContext context;

    public ContactListMembers(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String listId = context.listId(exchange);
        int top = Math.max(1, Math.min(MAX_PAGE, context.config().getBatchSize()));
        exchange.getMessage().setBody(new Pages(context.client(), "/contactlist/" + listId + "/contactIds?$top=" + top));
    }

    /** Reads one page at a time; an API failure while iterating surfaces as an IllegalStateException with the cause. */
    static final class Pages implements Iterator<String> {
        private final EmarsysClient client;
        private final Deque<String> buffer = new ArrayDeque<>();
        private String next;

        Pages(EmarsysClient client, String first) {
            this.client = client;
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && next != null) {
                fetch();
            }
            return !buffer.isEmpty();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more list members");
            }
            return buffer.removeFirst();
        }

        private void fetch() {
            try {
                Envelope reply = client.call("GET", next, null);
                // PHP client and simulator: inside data; the OpenAPI draws value / next at the top level
                JsonNode page = reply.data(); // Envelope: inside data, or value / next at the top level
                if (!page.path("value").isArray()) {
                    throw new IllegalStateException("contactlist/members: the reply holds no value array of ids");
                }
                page.path("value").forEach(id -> buffer.addLast(id.asText()));
                JsonNode link = page.get("next");
                next = link == null || link.isNull() || link.asText().isBlank() ? null : relative(link.asText());
            } catch (EmarsysApiException e) {
                throw new IllegalStateException("contactlist/members: reading a page failed: " + e.getMessage(), e);
            }
        }

        /** {@code next} is relative to the API root; strip an /api/vN prefix if a server sends one. */
        private static String relative(String link) {
            String path = link.replaceFirst("^https?://[^/]+", "");
            return path.replaceFirst("^/api/v\\d+", "");
        }
    }
}
