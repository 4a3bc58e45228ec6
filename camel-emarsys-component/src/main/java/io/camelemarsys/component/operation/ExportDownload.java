package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** export/download: a finished export's CSV as an InputStream ({@code GET /export/<id>/data}). */
final class ExportDownload implements Operation {

    private final OperationContext context;

    ExportDownload(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        exchange.getMessage().setBody(context.client().download("/export/" + context.exportId(exchange) + "/data"));
    }
}
