package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** export/status: an export's state ({@code GET /export/<id>}). */
final class ExportStatus extends DataCall {

    ExportStatus(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/export/" + context.exportId(exchange), null);
    }
}
