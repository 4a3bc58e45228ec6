package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * No secret in the app's output: the packaged app, with a distinctive value in every secret setting (the Emarsys
 * WSSE secret and OAuth2 client secret, the pool's secrets (EMARSYS_POOL_SECRETS, EMARSYS_POOL_CLIENT_SECRETS), the
 * webhook JWT secret, the bot API key, the store's JDBC password), once
 * all from the environment and once all from {@code -D}, starts, serves a webhook call, bot calls and a Segment
 * identify (which opens the identity table with the password), and stops; its whole stdout and stderr must hold
 * none of the values.
 */
class AppSecretsIT {

    private static final Duration WAIT = Duration.ofSeconds(120);
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaBroker.start(1);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void noSecretFromTheEnvironmentReachesTheOutput() throws Exception {
        Secrets secrets = new Secrets("env");
        try (EmarsysSimulator sim = simulator(secrets)) {
            Map<String, String> env = new LinkedHashMap<>(common(sim));
            env.put("EMARSYS_USERNAME", "secrets-user");
            env.put("EMARSYS_SECRET", secrets.wsse);
            env.put("EMARSYS_CLIENT_ID", "secrets-client");
            env.put("EMARSYS_CLIENT_SECRET", secrets.client);
            env.put("EMARSYS_POOL_USERNAMES", "secrets-user2");
            env.put("EMARSYS_POOL_SECRETS", secrets.poolWsse);
            env.put("EMARSYS_POOL_CLIENT_IDS", "secrets-client2");
            env.put("EMARSYS_POOL_CLIENT_SECRETS", secrets.poolClient);
            env.put("EMARSYS_WEBHOOK_JWT_SECRET", secrets.jwt);
            env.put("EMARSYS_BOT_API_KEY", secrets.botKey);
            env.put("EMARSYS_STORE_JDBC_URL", "jdbc:h2:file:./data/secrets-env;AUTO_SERVER=TRUE");
            env.put("EMARSYS_STORE_JDBC_USER", "store_owner");
            env.put("EMARSYS_STORE_JDBC_PASSWORD", secrets.jdbc);
            runAndCheck(PackagedApp.start(env, "-Xmx512m", "-Demarsys.status.period-ms=1000"), env, sim, secrets, "env");
        }
    }

    @Test
    void noSecretFromSystemPropertiesReachesTheOutput() throws Exception {
        Secrets secrets = new Secrets("sysprop");
        try (EmarsysSimulator sim = simulator(secrets)) {
            Map<String, String> env = new LinkedHashMap<>(common(sim));
            // the app chooses real Emarsys over the simulator by the environment; the -D values below win over it
            env.put("EMARSYS_CLIENT_ID", "secrets-client");
            env.put("EMARSYS_CLIENT_SECRET", "not-the-secret-in-use");
            runAndCheck(PackagedApp.start(env, "-Xmx512m", "-Demarsys.status.period-ms=1000",
                    "-Dcamel.component.emarsys.username=secrets-user",
                    "-Dcamel.component.emarsys.secret=" + secrets.wsse,
                    "-Dcamel.component.emarsys.client-secret=" + secrets.client,
                    "-Dcamel.component.emarsys.pool-usernames=secrets-user2",
                    "-Dcamel.component.emarsys.pool-secrets=" + secrets.poolWsse,
                    "-Dcamel.component.emarsys.pool-client-ids=secrets-client2",
                    "-Dcamel.component.emarsys.pool-client-secrets=" + secrets.poolClient,
                    "-Demarsys.webhook.jwt-secret=" + secrets.jwt,
                    "-Demarsys.bot.api-key=" + secrets.botKey,
                    "-Demarsys.store.jdbc-url=jdbc:h2:file:./data/secrets-sysprop;AUTO_SERVER=TRUE",
                    "-Demarsys.store.jdbc-user=store_owner",
                    "-Demarsys.store.jdbc-password=" + secrets.jdbc), env, sim, secrets, "sysprop");
        }
    }

    /** One distinctive value per secret setting. */
    private record Secrets(String wsse, String client, String jwt, String botKey, String jdbc, String poolWsse,
                           String poolClient) {
        Secrets(String run) {
            this("Wsse-" + run + "-S3cr3t-q8Zt", "Client-" + run + "-S3cr3t-w4Yk", "Jwt-" + run
                    + "-S3cr3t-0123456789abcdef0123456789", "BotKey-" + run + "-S3cr3t-m2Xv", "Jdbc-" + run + "-S3cr3t-p7Rn",
                    "PoolWsse-" + run + "-S3cr3t-d3Fg", "PoolClient-" + run + "-S3cr3t-h6Jk");
        }

        List<String> all() {
            return List.of(wsse, client, jwt, botKey, jdbc, poolWsse, poolClient);
        }
    }

    private static EmarsysSimulator simulator(Secrets secrets) {
        // a second API user and OAuth2 client: the app's pool options (EMARSYS_POOL_*) name them
        return EmarsysSimulator.start(SimulatorConfig.builder().username("secrets-user").secret(secrets.wsse)
                .clientId("secrets-client").clientSecret(secrets.client).user("secrets-user2", secrets.poolWsse)
                .oauthClient("secrets-client2", secrets.poolClient).rateLimitPerMinute(0).build());
    }

    private static Map<String, String> common(EmarsysSimulator sim) {
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(), "EMARSYS_BASE_URL", sim.baseUrl(),
                "EMARSYS_TOKEN_URL", sim.tokenUrl(), "EMARSYS_HTTP_PORT", Integer.toString(PackagedApp.freePort()),
                "EMARSYS_MANAGEMENT_PORT", Integer.toString(PackagedApp.freePort()));
    }

    private static void runAndCheck(PackagedApp app, Map<String, String> env, EmarsysSimulator sim, Secrets secrets,
                                    String run) throws Exception {
        String email = "secrets-" + run + "@example.com";
        try {
            Wait.until("the first status line", WAIT, () -> app.output().stream()
                    .anyMatch(l -> l.contains("camel-emarsys | records in:")), () -> !app.isAlive(), () -> app.tail(40));
            // a Segment identify opens the identity table with the password and upserts the contact with the
            // Emarsys credentials
            produce("emarsys.segment-events", "{\"type\":\"identify\",\"messageId\":\"" + run + "-1\",\"userId\":\"u-"
                    + run + "\",\"traits\":{\"email\":\"" + email + "\"}}");
            produce("emarsys.contacts", "{\"email\":\"" + email + "\",\"First Name\":\"Secret\"}");
            Wait.until("the contact in Emarsys", WAIT, () -> !sim.account().contacts()
                    .find(sim.account().contacts().keyField("3"), email).isEmpty(), () -> !app.isAlive(), () -> app.tail(40));
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + env.get("EMARSYS_HTTP_PORT");
            HttpResponse<String> webhook = http.send(HttpRequest.newBuilder(URI.create(base + "/webhooks/emarsys"))
                    .header("Authorization", "Bearer not-a-jwt").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"event_id\":\"e1\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, webhook.statusCode(), webhook.body());
            HttpResponse<String> wrongKey = http.send(HttpRequest.newBuilder(URI.create(base + "/bot/contacts/" + email))
                    .header("X-API-Key", "wrong").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, wrongKey.statusCode(), wrongKey.body());
            HttpResponse<String> contact = http.send(HttpRequest.newBuilder(URI.create(base + "/bot/contacts/" + email))
                    .header("X-API-Key", secrets.botKey).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, contact.statusCode(), contact.body());
        } finally {
            app.close();
            java.nio.file.Files.write(java.nio.file.Path.of("target", "AppSecretsIT-" + run + ".log"), app.output());
        }
        List<String> leaks = new ArrayList<>();
        for (String line : app.output()) {
            for (String secret : secrets.all()) {
                if (line.contains(secret)) {
                    leaks.add(line);
                }
            }
        }
        assertTrue(app.output().size() > 20, "the app's output was read: " + app.tail(20));
        assertTrue(leaks.isEmpty(), leaks.size() + " output lines show a secret:\n" + String.join("\n", leaks));
    }

    private static void produce(String topic, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.send(new ProducerRecord<>(topic, "k", value));
        }
    }
}
