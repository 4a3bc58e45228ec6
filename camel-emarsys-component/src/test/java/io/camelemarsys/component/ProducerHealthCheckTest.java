package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

class ProducerHealthCheckTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    private EmarsysProducer producer(String uri) throws Exception {
        EmarsysProducer producer = (EmarsysProducer) context.getEndpoint(uri).createProducer();
        producer.start();
        return producer;
    }

    @Test
    void offByDefaultAsInCamel() throws Exception {
        producer("emarsys:settings/get");
        // producer checks run only when camel.health.producers-enabled=true creates an enabled "producers" repository
        HealthCheckRepository producers = HealthCheckHelper.getHealthCheckRepository(context, "producers");
        assertTrue(producers == null || !producers.isEnabled());
    }

    @Test
    void readinessIsUpWithValidCredentialsAndDownWithTheStatusOtherwise() throws Exception {
        EmarsysComponent component = context.getComponent("emarsys", EmarsysComponent.class);
        component.setHealthCheckProducerEnabled(true);

        EmarsysProducerHealthCheck good = producer("emarsys:contact/get").healthCheck();
        assertNotNull(good);
        assertFalse(good.isLiveness());
        assertEquals(HealthCheck.State.UP, good.call().getState());

        EmarsysProducerHealthCheck bad = producer("emarsys:contact/upsert?secret=RAW(wrong-secret)").healthCheck();
        HealthCheck.Result result = bad.call();
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals(401, result.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        assertEquals(1, result.getDetails().get("replyCode"));
        assertFalse(String.valueOf(result.getMessage()).contains("wrong-secret"));
    }
}
