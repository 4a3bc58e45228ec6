package io.camelemarsys.component.operation;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConfiguration;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysClient;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.Poller;

/**
 * segment/members: a lazy Iterator of the segment's contact ids ({@code GET /filter/{id}/contacts}), read in pages of
 * pageSize as it is consumed. While Emarsys evaluates the segment it answers HTTP 202 / 10001; the iterator waits
 * (pollInterval growing, at most pollTimeout) and asks again.
 */
public final class SegmentMembers implements Operation {

    private final OperationContext context;

    public SegmentMembers(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String segmentId = segmentId(exchange, context.config());
        Pages pages = new Pages(context.client(), context.config(), segmentId);
        pages.hasNext(); // read the first page now, so that an unknown segment fails this exchange
        exchange.getMessage().setBody(pages);
    }

    static String segmentId(Exchange exchange, EmarsysConfiguration config) {
        String id = exchange.getMessage().getHeader(EmarsysConstants.SEGMENT_ID, config.getSegmentId(), String.class);
        if (id == null || !id.trim().matches("\\d+")) {
            throw new EmarsysInputException("No segment id: set the segmentId option or the " + EmarsysConstants.SEGMENT_ID
                    + " header to the numeric id of a segment (see segment/list), was " + EmarsysInputException.shown(id));
        }
        return id.trim();
    }

    static final class Pages implements Iterator<String> {
        private final EmarsysClient client;
        private final EmarsysConfiguration config;
        private final String segmentId;
        private final Deque<String> buffer = new ArrayDeque<>();
        private long offset;
        private boolean done;

        Pages(EmarsysClient client, EmarsysConfiguration config, String segmentId) {
            this.client = client;
            this.config = config;
            this.segmentId = segmentId;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && !done) {
                fetch();
            }
            return !buffer.isEmpty();
        }

        @Override
        public String next() {
            if (!hasNext()) {
                throw new NoSuchElementException("no more segment members");
            }
            return buffer.removeFirst();
        }

        private void fetch() {
            int limit = Math.max(1, config.getPageSize());
            String path = "/filter/" + segmentId + "/contacts?limit=" + limit + "&offset=" + offset;
            Poller poller = new Poller("segment " + segmentId + " evaluation", config.getPollInterval(),
                    config.getPollTimeout());
            try {
                Envelope reply = client.call("GET", path, null);
                while (reply.status() == 202) {
                    poller.pause();
                    reply = client.call("GET", path, null);
                }
                JsonNode ids = reply.data();
                ids.forEach(id -> buffer.addLast(id.asText()));
                offset += ids.size();
                done = ids.size() < limit;
            } catch (EmarsysApiException e) {
                throw new IllegalStateException("segment/members: " + e.getMessage(), e);
            }
        }
    }
}
