package io.camelemarsys.component;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

import io.camelemarsys.component.operation.Operation;
import io.camelemarsys.component.operation.Operations;

/** Hands each exchange to the operation of its endpoint's URI. */
public class EmarsysProducer extends DefaultProducer {

    private Operation operation;

    public EmarsysProducer(EmarsysEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public EmarsysEndpoint getEndpoint() {
        return (EmarsysEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        operation = Operations.create(getEndpoint().getOperation(), getEndpoint().operationContext());
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        operation.execute(exchange);
    }
}
