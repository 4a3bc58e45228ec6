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
        return "camel-emarsys | records in: " + SinkCounters.RECORDS_IN.sum()
                + " | contacts written: " + SinkCounters.CONTACTS_WRITTEN.sum()
                + " | events triggered: " + SinkCounters.EVENTS_TRIGGERED.sum()
                + " | dead-lettered: " + SinkCounters.DEAD_LETTERED.sum()
                + " | 429 waits: " + emarsys.rateLimitWaits()
                + " | import: " + (importer == null ? "not configured" : importer.status());
    }
}
