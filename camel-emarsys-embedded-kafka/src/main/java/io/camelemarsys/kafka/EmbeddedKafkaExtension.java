package io.camelemarsys.kafka;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One embedded broker per test class:
 * {@code @RegisterExtension static final EmbeddedKafkaExtension KAFKA = new EmbeddedKafkaExtension(3);}
 */
public final class EmbeddedKafkaExtension implements BeforeAllCallback, AfterAllCallback {

    private final int partitions;
    private EmbeddedKafkaBroker broker;
    private String owner;

    public EmbeddedKafkaExtension(int partitions) {
        this.partitions = partitions;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (broker == null) { // @Nested classes inherit the extension: keep the enclosing class's broker
            broker = EmbeddedKafkaBroker.start(partitions);
            owner = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (broker != null && context.getUniqueId().equals(owner)) {
            broker.close();
            broker = null;
        }
    }

    /** Restarts the broker on the same ports with the same data (see {@link EmbeddedKafkaBroker#restart()}). */
    public void restart() {
        broker.restart();
    }

    public String bootstrapServers() {
        if (broker == null) {
            throw new IllegalStateException("The broker runs only while the test class runs; register the extension "
                    + "as a static field with @RegisterExtension");
        }
        return broker.bootstrapServers();
    }
}
