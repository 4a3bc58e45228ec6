package io.camelemarsys.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;

/**
 * {@code java -jar camel-emarsys-kafka.jar --port N --data-dir DIR [--partitions P]}: the embedded broker as a process
 * of its own, for runs with several app processes on one machine. Runs until SIGTERM or Ctrl-C, then stops the broker
 * in a shutdown hook and exits 0; its data stays in DIR for the next start.
 */
public final class KafkaBrokerMain {

    static final String READY = "Kafka broker listening on ";
    static final String LOG_CONFIG = "camel-emarsys-kafka-log4j2.properties";

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        KafkaBrokerArguments arguments;
        try {
            arguments = KafkaBrokerArguments.parse(args);
            if (arguments != null) {
                requireFree(arguments.port());
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(KafkaBrokerArguments.USAGE);
            System.exit(2);
            return;
        }
        if (arguments == null) {
            System.out.println(KafkaBrokerArguments.USAGE);
            return;
        }
        // before Kafka's first logger: warnings and errors only, unless the user gives a configuration
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:" + LOG_CONFIG);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(arguments.port(), arguments.dataDir(), arguments.partitions());
        } catch (RuntimeException e) {
            System.err.println("error: the broker did not start on 127.0.0.1:" + arguments.port() + " with --data-dir "
                    + arguments.dataDir() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            System.out.println("Kafka broker stopped");
            stopped.countDown();
        }, "kafka-broker-shutdown"));
        // a JVM ended by a signal exits 128+signal even after its hooks ran; a requested stop is a success
        exitZeroOn("TERM");
        exitZeroOn("INT");
        System.out.println(READY + broker.bootstrapServers());
        stopped.await();
    }

    private static void exitZeroOn(String signal) {
        Signal.handle(new Signal(signal), s -> System.exit(0));
    }

    /** Refuses a taken port before Kafka does, with a message that says what to do. */
    private static void requireFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new IllegalArgumentException("--port '" + port + "': 127.0.0.1:" + port + " is in use ("
                    + e.getMessage() + "): stop what listens there or give another port");
        }
    }
}
