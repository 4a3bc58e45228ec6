package io.camelemarsys.app;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysComponent;
import io.camelemarsys.routes.SinkMeters;
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
        SinkMeters meters = SinkMeters.of(exchange.getContext());
        return "camel-emarsys | records in: " + meters.received()
                + " | contacts written: " + meters.records(SinkMeters.DELIVERED, "contacts", "optins")
                + " | events triggered: " + meters.records(SinkMeters.DELIVERED, "events")
                + " | dead-lettered: " + meters.records(SinkMeters.DEAD_LETTERED)
                + " | 429 waits: " + emarsys.rateLimitWaits()
                + " | import: " + (importer == null ? "not configured" : importer.status());
    }
}
