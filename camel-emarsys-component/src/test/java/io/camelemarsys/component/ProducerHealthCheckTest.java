package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.health.HealthCheckRepository;
import org.awaitility.Awaitility;
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
        assertEquals(HealthCheck.State.UP, settled(good).getState());

        EmarsysProducerHealthCheck bad = producer("emarsys:contact/upsert?secret=RAW(wrong-secret)").healthCheck();
        HealthCheck.Result result = settled(bad);
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertEquals(401, result.getDetails().get(HealthCheck.HTTP_RESPONSE_CODE));
        assertEquals(1, result.getDetails().get("replyCode"));
        assertFalse(String.valueOf(result.getMessage()).contains("wrong-secret"));
    }

    /** The first result of the background check (the first call of a check starts it). */
    private static HealthCheck.Result settled(EmarsysProducerHealthCheck check) {
        return Awaitility.await("a health check result other than UNKNOWN").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50)).until(check::call, r -> r.getState() != HealthCheck.State.UNKNOWN);
    }

    @Test
    void answersAtOnceWhenEmarsysAcceptsConnectionsButNeverReplies() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            EmarsysComponent component = context.getComponent("emarsys", EmarsysComponent.class);
            component.setHealthCheckProducerEnabled(true);
            int requestTimeout = 20_000;
            EmarsysProducerHealthCheck check = producer("emarsys:settings/get?baseUrl=http://127.0.0.1:"
                    + silent.getLocalPort() + "&requestTimeout=" + requestTimeout + "&maxRetries=0"
                    + "&healthCheckInterval=300").healthCheck();

            HealthCheck.Result result = null;
            for (int i = 0; i < 100; i++) {
                long started = System.nanoTime();
                result = check.call();
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                // a correctness bound, not a speed figure: the answer must not wait for the unanswered request
                assertTrue(tookMillis < requestTimeout / 2, "a health call took " + tookMillis
                        + " ms: it waited for Emarsys instead of reporting the last result");
                if (result.getState() == HealthCheck.State.DOWN) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(HealthCheck.State.DOWN, result.getState());
            String message = result.getMessage().orElse("");
            assertTrue(message.startsWith("Emarsys has not answered GET /settings for"), message);
            assertFalse(held.isEmpty(), "the background check did connect");
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
