package io.camelemarsys.kafka;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node Kafka broker (KRaft, broker and controller in one) inside this JVM, on loopback: either with its logs
 * in a temporary directory that {@link #close()} deletes, or on a given port and data directory that outlive it (the
 * standalone broker, {@link KafkaBrokerMain}). Starts in about a second; no Docker, no ZooKeeper. Uses
 * Kafka-internal APIs, so it moves with the Kafka version (3.9.1 here, the one camel-kafka 4.18.0 brings).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final KafkaConfig config;
    private KafkaRaftServer server;
    private final String bootstrapServers;
    private final boolean deleteOnClose;

    private EmbeddedKafkaBroker(Path logDir, KafkaConfig config, KafkaRaftServer server, String bootstrapServers,
            boolean deleteOnClose) {
        this.logDir = logDir;
        this.config = config;
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker with {@code partitions} partitions for topics it creates on first use. */
    public static EmbeddedKafkaBroker start(int partitions) {
        try {
            return start(freePort(), Files.createTempDirectory("camel-emarsys-kraft-"), partitions, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    /**
     * Starts a broker on {@code 127.0.0.1:port} with its data in {@code dataDir}, which {@link #close()} keeps: a
     * broker started again on the same directory has the same cluster, topics and records. The directory is formatted
     * on first use only.
     */
    public static EmbeddedKafkaBroker start(int port, Path dataDir, int partitions) {
        return start(port, dataDir, partitions, false);
    }

    private static EmbeddedKafkaBroker start(int brokerPort, Path logDir, int partitions, boolean deleteOnClose) {
        try {
            // the controller's port is not part of the stored metadata, so a restarted broker may take another one
            int controllerPort = freePort();
            Files.createDirectories(logDir);
            Map<String, Object> p = new HashMap<>();
            p.put("process.roles", "broker,controller");
            p.put("node.id", "1");
            p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", logDir.toString());
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "1");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            p.put("num.partitions", Integer.toString(partitions));
            p.put("auto.create.topics.enable", "true");
            KafkaConfig config = new KafkaConfig(p);
            if (Files.notExists(logDir.resolve("meta.properties"))) { // a kept directory keeps its cluster id and data
                format(logDir);
            }
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            server.startup();
            return new EmbeddedKafkaBroker(logDir, config, server, "127.0.0.1:" + brokerPort, deleteOnClose);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded Kafka broker: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the embedded Kafka broker: " + e.getMessage(), e);
        }
    }

    private static void format(Path logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(PrintStream.nullOutputStream()))
                .setClusterId(Uuid.randomUuid().toString())
                .setNodeId(1)
                .addDirectory(logDir.toString())
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                .run();
    }

    /** {@code 127.0.0.1:<port>}, for {@code camel.component.kafka.brokers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Stops the broker and starts it again on the same ports with the same data: clients see the broker go away and
     * come back, as after a broker restart in production.
     */
    public synchronized void restart() {
        server.shutdown();
        server.awaitShutdown();
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (!deleteOnClose) {
            return;
        }
        try {
            Utils.delete(logDir.toFile());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
