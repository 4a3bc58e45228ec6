package io.camelemarsys.routes;

import java.net.http.HttpClient;
import java.util.Properties;

import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.kafka.EmbeddedKafkaExtension;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Runs route templates as a user would, on Camel's test support: CamelMainTestSupport starts one Camel Main app per
 * test class that loads the template files and a file of templated routes, its components configured by properties;
 * one embedded Kafka broker and one simulator serve the class. {@code context} and {@code template} are the app's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class KafkaMainTestSupport extends CamelMainTestSupport implements BrokerAndSimulatorProbes {

    @RegisterExtension
    static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(2);
    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    final HttpClient http = HttpClient.newHttpClient();
    private KafkaProducer<String, String> producer;

    /** The route files to load, as a routes-include-pattern. */
    abstract String routes();

    /** More properties for the app under test. */
    void appProperties(Properties properties) {
    }

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.withName(getClass().getSimpleName()).withRoutesIncludePattern(routes());
        Properties properties = connectionProperties();
        appProperties(properties);
        // given here, where the broker and the simulator run (the test support reads these overrides right after
        // this method), not in useOverridePropertiesWithPropertiesComponent(), which its constructor calls
        camelContextConfiguration().withUseOverridePropertiesWithPropertiesComponent(properties);
    }

    @AfterAll
    void closeProducer() {
        if (producer != null) {
            producer.close();
        }
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
    public HttpClient http() {
        return http;
    }

    @Override
    public synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            producer = BrokerAndSimulatorProbes.newProducer(KAFKA.bootstrapServers());
        }
        return producer;
    }
}
