package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** settings/get: the account's settings ({@code GET /settings}). */
final class SettingsGet extends DataCall {

    SettingsGet(OperationContext context) {
        super(context);
    }

    @Override
    Request request(Exchange exchange) {
        return new Request("GET", "/settings", null);
    }
}
