package io.camelemarsys.component.operation;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.Poller;

/**
 * segment/run, the way for large segments: starts a run ({@code POST /filter/{id}/runs}), polls it until done, and
 * returns a lazy Iterator of the members of the temporary contact list it leaves (kept by Emarsys for at least
 * 12 hours). When this API user already runs a segment (423 / 10003) or runs them too often (423 / 6028), it waits
 * and tries again within pollTimeout.
 */
public final class SegmentRun implements Operation {

    private final OperationContext context;

    public SegmentRun(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        String segmentId = SegmentMembers.segmentId(exchange, context.config());
        Poller poller = new Poller("segment run of " + segmentId, context.config().getPollInterval(),
                context.config().getPollTimeout());
        Envelope started;
        while (true) {
            try {
                started = context.client().call("POST", "/filter/" + segmentId + "/runs", null);
                break;
            } catch (EmarsysApiException e) {
                if (e.getHttpResponseCode() != 423) {
                    throw e;
                }
                poller.pause(); // one segment run per API user at a time
            }
        }
        String runId = started.data().path("run_id").asText();
        JsonNode run = started.data();
        while (!"done".equals(run.path("status").asText())) {
            if ("error".equals(run.path("status").asText())) {
                throw new EmarsysApiException("segment run " + runId, 200, -1, "Emarsys reports the run failed");
            }
            poller.pause();
            run = context.client().call("GET", "/filter/runs/" + runId, null).data();
        }
        JsonNode result = run.path("result");
        String listId = result.path("contact_list_id").asText();
        exchange.getMessage().setHeader(EmarsysConstants.CONTACT_LIST_ID, listId);
        exchange.getMessage().setHeader(EmarsysConstants.USER_COUNT, result.path("user_count").asInt());
        int top = Math.max(1, Math.min(ContactListMembers.MAX_PAGE, context.config().getPageSize()));
        exchange.getMessage().setBody(new ContactListMembers.Pages(context.client(),
                "/contactlist/" + listId + "/contactIds?$top=" + top));
    }
}
