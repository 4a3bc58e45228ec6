package io.camelemarsys.component;

import org.apache.camel.Exchange;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.WritableHealthCheckRepository;
import org.apache.camel.support.DefaultProducer;

import io.camelemarsys.component.operation.Operation;
import io.camelemarsys.component.operation.Operations;

/** Hands each exchange to the operation of its endpoint's URI. */
public class EmarsysProducer extends DefaultProducer {

    private Operation operation;
    private EmarsysProducerHealthCheck healthCheck;
    private WritableHealthCheckRepository healthCheckRepository;

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
        EmarsysComponent component = getEndpoint().getComponent();
        if (component.isHealthCheckProducerEnabled()) {
            healthCheck = new EmarsysProducerHealthCheck(getEndpoint(),
                    "producer:emarsys-" + getEndpoint().getOperation().uriPath());
            healthCheckRepository = HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(),
                    "producers", WritableHealthCheckRepository.class);
            if (healthCheckRepository != null) {
                healthCheckRepository.addHealthCheck(healthCheck);
                healthCheck.start(); // checks in the background, so that a health request never waits for Emarsys
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (healthCheckRepository != null && healthCheck != null) {
            healthCheckRepository.removeHealthCheck(healthCheck);
        }
        if (healthCheck != null) {
            healthCheck.stop();
        }
        operation = null; // holds the endpoint's HTTP client, which the component releases on stop
        super.doStop();
    }

    /** The readiness check, when producer health checks are enabled; null otherwise. */
    EmarsysProducerHealthCheck healthCheck() {
        return healthCheck;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        operation.execute(exchange);
    }
}
