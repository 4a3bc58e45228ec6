package io.camelemarsys.routes;

import java.net.http.HttpClient;

import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.kafka.EmbeddedKafkaExtension;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Runs route templates as a user would: Camel Main loads the template files and a file of templated routes, the
 * components are configured by properties, one embedded Kafka broker and one simulator serve the test class.
 * (Route tests that need no Main of their own extend {@link KafkaMainTestSupport}, on Camel's test support.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaRouteTestSupport implements BrokerAndSimulatorProbes {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    final HttpClient http = HttpClient.newHttpClient();
    Main main;
    private KafkaProducer<String, String> producer;

    /** The route files to load, as a routes-include-pattern. */
    abstract String routes();

    /** More properties for the app under test. */
    void configure(Main main) {
    }

    @BeforeAll
    void startApp() throws Exception {
        main = new Main();
        main.addOverrideProperty("camel.main.name", "contact-sink-test");
        main.addOverrideProperty("camel.main.routes-include-pattern", routes());
        connectionProperties().forEach((key, value) -> main.addOverrideProperty((String) key, (String) value));
        // each class its own store (webhook keys, import state), never a file that outlives the run
        main.addOverrideProperty("emarsys.store.jdbc-url", "jdbc:h2:mem:" + getClass().getSimpleName() + "-"
                + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        configure(main);
        main.start();
        producer = BrokerAndSimulatorProbes.newProducer(KAFKA.bootstrapServers());
    }

    @AfterAll
    void stopApp() {
        producer.close();
        main.stop();
    }

    /** Starts the platform-http server (webhooks, bot API) on a loopback port. */
    static void serveHttpOn(Main main, int port) {
        main.addOverrideProperty("camel.server.enabled", "true");
        main.addOverrideProperty("camel.server.host", "127.0.0.1");
        main.addOverrideProperty("camel.server.port", Integer.toString(port));
    }

    @Override
    public String bootstrapServers() {
        return KAFKA.bootstrapServers();
    }

    @Override
    public EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    @Override
    public KafkaProducer<String, String> producer() {
        return producer;
    }

    @Override
    public HttpClient http() {
        return http;
    }

    /** A free loopback port for an HTTP server of the app under test. */
    static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
