package io.camelemarsys.app;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysComponent;
import io.camelemarsys.routes.SinkCounters;
import io.camelemarsys.routes.importer.SegmentImport;

/**
 * The one-line summary monitoring can parse:
 * {@code camel-emarsys | records in: N | contacts written: N | events triggered: N | dead-lettered: N | 429 waits: N | import: <state>}.
 */
public final class AppStatus {

    public String line(Exchange exchange) {
        EmarsysComponent emarsys = exchange.getContext().getComponent("emarsys", EmarsysComponent.class);
        SegmentImport importer = exchange.getContext().getRegistry().lookupByNameAndType("emarsysSegmentImport",
                SegmentImport.class);
        SinkCounters counters = SinkCounters.of(exchange.getContext());
        return "camel-emarsys | records in: " + counters.recordsIn()
                + " | contacts written: " + counters.contactsWritten()
                + " | events triggered: " + counters.eventsTriggered()
                + " | dead-lettered: " + counters.deadLettered()
                + " | 429 waits: " + emarsys.rateLimitWaits()
                + " | import: " + (importer == null ? "not configured" : importer.status());
    }
}
