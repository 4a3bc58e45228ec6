package io.camelemarsys.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.TextNode;

import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Field;
import io.camelemarsys.simulator.model.FieldCatalog;
import io.camelemarsys.simulator.model.Segment;

/**
 * The no-account default: an in-process Kafka broker when {@code KAFKA_BOOTSTRAP_SERVERS} is not set, and the
 * Emarsys simulator (10,000 demo contacts, demo events and a list) when no {@code EMARSYS_*} credentials are set,
 * plus the demo producer and demo secrets. With both configured, nothing embedded starts.
 */
final class EmbeddedDefaults implements AutoCloseable {

    static final int SEED_CONTACTS = 10_000;
    /** The demo producer writes demo1..demo300@example.com; they exist from the start so README's first curl works. */
    static final int DEMO_CONTACTS = 300;
    private static final Logger LOG = LoggerFactory.getLogger("camel-emarsys");

    private EmbeddedKafkaBroker kafka;
    private EmarsysSimulator simulator;
    private Path dataDir;

    static EmbeddedDefaults apply(Map<String, String> env, Main main) {
        EmbeddedDefaults defaults = new EmbeddedDefaults();
        String brokers = env.get("KAFKA_BOOTSTRAP_SERVERS");
        if (brokers == null || brokers.isBlank()) {
            defaults.kafka = EmbeddedKafkaBroker.start(3);
            main.addOverrideProperty("camel.component.kafka.brokers", defaults.kafka.bootstrapServers());
            LOG.info("No KAFKA_BOOTSTRAP_SERVERS: started an embedded Kafka broker at {}", defaults.kafka.bootstrapServers());
        } else {
            main.addOverrideProperty("camel.component.kafka.brokers", brokers);
        }
        boolean wsse = present(env, "EMARSYS_USERNAME") && present(env, "EMARSYS_SECRET");
        boolean oauth2 = present(env, "EMARSYS_CLIENT_ID") && present(env, "EMARSYS_CLIENT_SECRET");
        if (!wsse && !oauth2) {
            defaults.startSimulator(env, main);
        } else {
            main.addOverrideProperty("camel.component.emarsys.auth-mode", oauth2 ? "oauth2" : "wsse");
        }
        return defaults;
    }

    private void startSimulator(Map<String, String> env, Main main) {
        int port = Integer.parseInt(env.getOrDefault("EMARSYS_SIMULATOR_PORT", "0"));
        simulator = EmarsysSimulator.start(SimulatorConfig.builder().port(port).seedContacts(SEED_CONTACTS).build());
        Account account = simulator.account();
        account.events().create("order_completed", account.now());
        account.events().create("page_view", account.now());
        account.events().create("welcome", account.now());
        account.lists().create("Newsletter", "Demo list", "static", account.now());
        seedDemoContacts(account);
        Segment all = account.segments().all().stream().filter(s -> s.name().equals(Account.ALL_CONTACTS_SEGMENT))
                .findFirst().orElseThrow();
        main.addOverrideProperty("camel.component.emarsys.base-url", simulator.baseUrl());
        main.addOverrideProperty("camel.component.emarsys.auth-mode", "wsse");
        main.addOverrideProperty("camel.component.emarsys.username", simulator.config().username());
        main.addOverrideProperty("camel.component.emarsys.secret", simulator.config().secret());
        main.addOverrideProperty("camel.component.emarsys.poll-interval", "500");
        main.addOverrideProperty("emarsys.import.segments", Long.toString(all.id()));
        main.addOverrideProperty("emarsys.demo.enabled", "true");
        keepStateWithTheSimulator(env, main);
        if (!configured(env, "EMARSYS_WEBHOOK_JWT_SECRET", "emarsys.webhook.jwt-secret")) {
            main.addOverrideProperty("emarsys.webhook.jwt-secret", "demo-webhook-secret-0123456789abcdef");
        }
        if (!configured(env, "EMARSYS_BOT_API_KEY", "emarsys.bot.api-key")) {
            main.addOverrideProperty("emarsys.bot.api-key", "demo-bot-key");
        }
        LOG.info("No EMARSYS_* credentials: started the Emarsys simulator at {} with {} contacts (segment '{}' = {}); "
                + "webhook JWT secret and bot API key are demo values", simulator.baseUrl(), SEED_CONTACTS,
                all.name(), all.id());
    }

    /** The contacts the demo producer and README's examples name, as a data import (not in the changes export). */
    private static void seedDemoContacts(Account account) {
        Field email = account.fields().byId(FieldCatalog.EMAIL);
        Field firstName = account.fields().byId(1);
        Field lastName = account.fields().byId(2);
        for (int i = 1; i <= DEMO_CONTACTS; i++) {
            Map<Field, Object> values = new LinkedHashMap<>();
            values.put(email, email.accept(TextNode.valueOf("demo" + i + "@example.com")));
            values.put(firstName, firstName.accept(TextNode.valueOf("Demo")));
            values.put(lastName, lastName.accept(TextNode.valueOf("Contact " + i)));
            account.contacts().create(values, 0, false);
        }
    }

    /**
     * The import's state and the store describe the simulator's account, which lives only as long as this process:
     * they go in a directory of this run, removed at the end, so that a second run imports its new account again
     * instead of reading "not overdue" from the first run's files. A configured store is left alone.
     */
    private void keepStateWithTheSimulator(Map<String, String> env, Main main) {
        try {
            dataDir = Files.createTempDirectory("camel-emarsys-embedded-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the embedded default's state", e);
        }
        if (!configured(env, "EMARSYS_STORE_JDBC_URL", "emarsys.store.jdbc-url")) {
            main.addOverrideProperty("emarsys.store.jdbc-url",
                    "jdbc:h2:file:" + dataDir.resolve("camel-emarsys") + ";AUTO_SERVER=TRUE");
        }
    }

    /** The directory of this run's state (the store's H2 file), removed at the end. */
    Path dataDir() {
        return dataDir;
    }

    EmarsysSimulator simulator() {
        return simulator;
    }

    /** Set by the environment variable or by -Dproperty: a demo value must never replace the user's own. */
    private static boolean configured(Map<String, String> env, String variable, String property) {
        String value = System.getProperty(property);
        return present(env, variable) || value != null && !value.isBlank();
    }

    private static boolean present(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isBlank();
    }

    @Override
    public void close() {
        if (simulator != null) {
            simulator.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (dataDir != null) {
            deleteRecursively(dataDir);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not remove the embedded default's state directory {}: {}", dir, e.getMessage());
        }
    }
}
