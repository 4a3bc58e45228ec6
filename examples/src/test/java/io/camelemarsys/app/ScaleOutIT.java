package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.camelemarsys.kafka.KafkaTopics;
import io.camelemarsys.routes.TestPostgres;

/**
 * Three app processes as users scale out: separate JVMs with their own HTTP and management ports on one Kafka (the
 * standalone broker jar), one PostgreSQL store and one Emarsys (the simulator jar, 20,000 contacts). The import runs
 * on one leader; killed (kill -9) in the middle of its run, another process takes the lease over and finishes it; the
 * sinks share the records among the three; the webhook's replay and idempotency memories are shared.
 *
 * <p>"The middle" is made deterministic by the simulator: its exports take {@value #EXPORT_DELAY_MS} ms, and the
 * leader is killed once the run is recorded as started in the store ({@code <source>.runStarted} in
 * {@code emarsys_state}) and its export request is in the simulator's journal, while the run has not finished. The
 * successor's export request meets the identical export still running (400 / 4001), which the component waits for.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScaleOutIT {

    private static final int MEMBERS = 20_000;
    private static final int CONTACTS = 1500;
    private static final int EVENTS = 300;
    private static final int LEASE_SECONDS = 10;
    private static final int EXPORT_DELAY_MS = 30_000;
    private static final String JWT_SECRET = "the-webhook-secret-of-at-least-32-bytes";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern LEADER_GAUGE = Pattern.compile("(?m)^emarsys_import_leader(\\{[^}]*})?\\s+(\\S+)");

    private static ServerJar simulator;
    private static ServerJar kafka;
    private static String simulatorUrl;
    private static String brokers;
    private static String jdbcUrl;
    private static String segmentId;
    private static final List<App> APPS = new ArrayList<>();

    /** One app process and its ports. */
    private record App(PackagedApp process, int httpPort, int managementPort) {
    }

    @BeforeAll
    static void startTheServersAndThreeApps() throws Exception {
        jdbcUrl = TestPostgres.newDatabase("scaleout");
        int simulatorPort = PackagedApp.freePort();
        simulator = ServerJar.start("camel-emarsys-simulator", "camel-emarsys-simulator.jar",
                "Emarsys simulator listening on", "--port", Integer.toString(simulatorPort),
                "--seed-contacts", Integer.toString(MEMBERS), "--rate-limit", "0",
                "--export-delay-ms", Integer.toString(EXPORT_DELAY_MS));
        simulatorUrl = "http://127.0.0.1:" + simulatorPort;
        int kafkaPort = PackagedApp.freePort();
        kafka = ServerJar.start("camel-emarsys-embedded-kafka", "camel-emarsys-kafka.jar", "Kafka broker listening on",
                "--port", Integer.toString(kafkaPort), "--data-dir",
                Files.createTempDirectory("scaleout-kafka").toString(), "--partitions", "3");
        brokers = "127.0.0.1:" + kafkaPort;
        createTopics();
        // the imported segment holds the 20,000 generated contacts (example.com/.org/.net), not the sinks' contacts
        segmentId = control("POST", "/segments",
                "{\"name\":\"Generated\",\"field\":\"3\",\"operator\":\"contains\",\"value\":\"@example.\"}")
                .path("id").asText();
        control("POST", "/events", "{\"name\":\"order_completed\"}");
        for (int i = 0; i < 3; i++) {
            int http = PackagedApp.freePort();
            int management = PackagedApp.freePort();
            Map<String, String> env = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", brokers,
                    "EMARSYS_BASE_URL", simulatorUrl, "EMARSYS_USERNAME", "demo", "EMARSYS_SECRET", "demo-secret",
                    "EMARSYS_HTTP_PORT", Integer.toString(http),
                    "EMARSYS_MANAGEMENT_PORT", Integer.toString(management),
                    "EMARSYS_IMPORT_SEGMENTS", segmentId, "EMARSYS_WEBHOOK_JWT_SECRET", JWT_SECRET,
                    "EMARSYS_STORE_JDBC_URL", jdbcUrl, "EMARSYS_STORE_JDBC_USER", TestPostgres.user()));
            APPS.add(new App(PackagedApp.start(env, "-Xmx384m", "-XX:TieredStopAtLevel=1",
                    "-Demarsys.import.lease-seconds=" + LEASE_SECONDS, "-Demarsys.import.lease-renew-seconds=2",
                    "-Demarsys.import.start-delay-ms=500"), http, management));
        }
        // a bound for a loaded machine, not a speed assertion: three JVMs start on the same cores
        await("the three instances up (management health answers)", 300, () -> APPS.stream().allMatch(app -> {
            try {
                return get("http://127.0.0.1:" + app.managementPort() + "/observe/health").contains("\"status\"");
            } catch (Exception e) {
                return false;
            }
        }));
    }

    @AfterAll
    static void stopAll() throws Exception {
        for (App app : APPS) {
            if (app.process().isAlive()) {
                app.process().close();
            }
            // each instance's whole output, for a failure's diagnosis
            Files.write(Path.of("target", "scaleout-app-" + app.httpPort() + ".log"), app.process().output());
        }
        if (kafka != null) {
            kafka.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    @Order(1)
    void oneImportRunsOnTheLeaderAndAnotherInstanceFinishesItAfterTheLeaderIsKilled() throws Exception {
        String source = "segment:" + segmentId;
        await("one leader among the three, shown by its gauge", 90, () -> leaders(APPS).size() == 1);
        App leader = leaders(APPS).get(0);
        for (App app : APPS) {
            assertEquals(app == leader ? 1 : 0, leaderGauge(app), "emarsys_import_leader on " + app.managementPort());
            JsonNode check = leadershipCheck(app);
            assertEquals("UP", check.path("status").asText(), check.toString());
            assertEquals(app == leader, check.path("data").path("leader").asBoolean(), check.toString());
            assertEquals(memberId(leader), check.path("data").path("leader.id").asText(), check.toString());
        }

        // the sinks' records, once the three instances share each group's partitions
        await("three members with partitions in each sink's consumer group", 90,
                () -> membersWithPartitions("emarsys-contacts") == 3 && membersWithPartitions("emarsys-events") == 3);
        produceSinkRecords();

        await("the leader's run started in the store and its export asked for", 60,
                () -> !state(source + ".runStarted").isEmpty() && exportRequests() == 1);
        assertEquals("", state(source + ".lastFull"), "the run has not finished: the export takes "
                + EXPORT_DELAY_MS + " ms");
        for (App app : APPS) {
            assertEquals(app == leader ? 1 : 0, count(app.process().output(), "Import of " + source + ": full run"),
                    "only the leader runs the import:\n" + app.process().tail(30));
        }
        System.out.printf("KILL the leader with %d profiles stored%n", query("SELECT count(*) FROM emarsys_profile"));
        long killedAt = System.nanoTime();
        leader.process().kill();
        List<App> survivors = APPS.stream().filter(app -> app != leader).toList();

        await("another instance leads", LEASE_SECONDS + 30, () -> leaders(survivors).size() == 1);
        double takeover = (System.nanoTime() - killedAt) / 1e9;
        App successor = leaders(survivors).get(0);
        System.out.printf("TAKEOVER seconds=%.1f (lease %d s)%n", takeover, LEASE_SECONDS);
        await("the successor finishes the import", 600, () -> !state(source + ".lastFull").isEmpty());
        System.out.printf("IMPORT finished %.1f s after the kill%n", (System.nanoTime() - killedAt) / 1e9);
        assertEquals("", state(source + ".runStarted"), "the run is finished");
        assertEquals(2, exportRequests(), "one export by the killed leader, one by its successor, none by a standby");
        for (App app : survivors) {
            assertEquals(app == successor ? 1 : 0, count(app.process().output(), "Import of " + source + ": full run"),
                    "only the successor runs the import:\n" + app.process().tail(30));
            assertEquals(app == successor ? 1 : 0, leaderGauge(app), "emarsys_import_leader after the takeover");
            assertEquals(memberId(successor), leadershipCheck(app).path("data").path("leader.id").asText());
        }

        // every member is a profile, none twice: in the store and on the profiles topic
        long contactKeys = query("SELECT count(*) FROM emarsys_profile_key WHERE key_type = 'contact'");
        long emailKeys = query("SELECT count(DISTINCT key_value) FROM emarsys_profile_key WHERE key_type = 'email'");
        long profiles = query("SELECT count(*) FROM emarsys_profile");
        long linked = query("SELECT count(DISTINCT profile_id) FROM emarsys_profile_key");
        long dangling = query("SELECT count(*) FROM emarsys_profile_key k WHERE NOT EXISTS "
                + "(SELECT 1 FROM emarsys_profile p WHERE p.profile_id = k.profile_id)");
        // the import's contact id is the contact's e-mail: the store keeps it once, as the e-mail key (V4)
        assertEquals(0, contactKeys, "no contact key repeats an e-mail key");
        assertEquals(MEMBERS, emailKeys, "every member's e-mail (its contact id) points to a profile");
        assertEquals(0, dangling, "no key points to a missing profile");
        assertEquals(profiles, linked, "no profile without a member: none made twice");
        // the import publishes each chunk's saved profiles right after the chunk's commit: a profile a later chunk
        // changed again is published again, with its new content; the same content is never published twice, so
        // what the killed leader published is not published again by its successor
        List<String> published = KafkaTopics.records(brokers, "emarsys.profiles", Duration.ofSeconds(5)).stream()
                .map(record -> record.key() + " " + record.value()).toList();
        assertEquals(profiles, published.stream().map(record -> record.substring(0, record.indexOf(' '))).distinct()
                .count(), "each profile published");
        assertEquals(published.size(), new HashSet<>(published).size(), "no profile's content published twice");
    }

    @Test
    @Order(2)
    void theSinksShareTheRecordsAndLoseNoneAndTriggerNoEventTwice() throws Exception {
        await("every sink offset committed", 150,
                () -> KafkaTopics.committed(brokers, "emarsys-contacts", "emarsys.contacts") == CONTACTS
                        && KafkaTopics.committed(brokers, "emarsys-events", "emarsys.events") == EVENTS);
        Set<String> deadLettered = new HashSet<>();
        for (var record : KafkaTopics.records(brokers, "emarsys.dlq", Duration.ofSeconds(4))) {
            JsonNode letter = JSON.readTree(record.value());
            if ("emarsys.contacts".equals(letter.path("source").path("topic").asText())) {
                deadLettered.add(JSON.readTree(letter.path("record").asText()).path("email").asText());
            }
        }
        int stored = 0;
        for (int i = 0; i < CONTACTS; i++) {
            String email = sinkEmail(i);
            boolean inEmarsys = control("GET", "/contacts?value=" + email, null).size() == 1;
            assertTrue(inEmarsys ^ deadLettered.contains(email), email + " must be in Emarsys or dead-lettered, once");
            stored += inEmarsys ? 1 : 0;
        }
        assertEquals(CONTACTS / 100, deadLettered.size(), "exactly the refused records are dead letters");
        assertEquals(CONTACTS, stored + deadLettered.size(), "none lost");

        // the audit of TriggerAudit, over the control API: what was sent against what fired
        JsonNode journal = control("GET", "/journal?limit=1000000", null);
        assertTrue(journal.size() < 10_000, "the journal (10,000 entries) dropped none: " + journal.size());
        Map<String, Integer> requestsPerTriggerId = new HashMap<>();
        for (JsonNode entry : journal) {
            Set<String> ids = new HashSet<>();
            entry.path("triggerIds").forEach(id -> ids.add(id.asText()));
            String eventId = ids.isEmpty() ? null : entry.path("path").asText().split("/")[4];
            ids.forEach(id -> requestsPerTriggerId.merge(eventId + ":" + id, 1, Integer::sum));
        }
        Map<String, Integer> firedPerEvent = new HashMap<>();
        Set<String> firedIds = new HashSet<>();
        JsonNode triggers = control("GET", "/triggers?limit=1000000", null);
        for (JsonNode trigger : triggers) {
            firedPerEvent.merge(trigger.path("eventId").asText() + "|" + trigger.path("contactId").asText() + "|"
                    + trigger.path("data"), 1, Integer::sum);
            firedIds.add(trigger.path("eventId").asText() + ":" + trigger.path("triggerId").asText());
        }
        assertEquals(EVENTS, triggers.size(), "every event triggered");
        assertEquals(0, firedPerEvent.values().stream().filter(n -> n > 1).count(), "no event triggered twice");
        assertEquals(EVENTS, requestsPerTriggerId.size(), "one trigger id per record, however often it was sent");
        assertTrue(firedIds.containsAll(requestsPerTriggerId.keySet()), "every re-sent trigger reused its id");
    }

    @Test
    @Order(3)
    void theWebhookRemembersTokensAndEventIdsAcrossInstances() throws Exception {
        List<App> alive = APPS.stream().filter(app -> app.process().isAlive()).toList();
        App first = alive.get(0);
        App second = alive.get(1);

        String token = jwt(UUID.randomUUID().toString());
        assertEquals(202, webhook(first, token, payload("scaleout-a")).statusCode());
        HttpResponse<String> replay = webhook(second, token, payload("scaleout-b"));
        assertEquals(401, replay.statusCode(), "the same token at another instance is a replay: " + replay.body());

        String eventId = "scaleout-same-event";
        HttpResponse<String> once = webhook(first, jwt(UUID.randomUUID().toString()), payload(eventId));
        HttpResponse<String> again = webhook(second, jwt(UUID.randomUUID().toString()), payload(eventId));
        assertEquals(202, once.statusCode(), once.body());
        assertEquals(2, again.statusCode() / 100, again.body());
        long written = KafkaTopics.records(brokers, "emarsys.webhooks", Duration.ofSeconds(4)).stream()
                .filter(record -> record.value().contains("\"" + eventId + "\"")).count();
        assertEquals(1, written, "one record on emarsys.webhooks for one event id");
    }

    // --- the import's leadership

    private static List<App> leaders(List<App> apps) {
        return apps.stream().filter(app -> {
            try {
                return leaderGauge(app) == 1;
            } catch (Exception e) {
                return false; // not up yet
            }
        }).toList();
    }

    private static int leaderGauge(App app) throws Exception {
        String metrics = get("http://127.0.0.1:" + app.managementPort() + "/observe/metrics");
        Matcher matcher = LEADER_GAUGE.matcher(metrics);
        if (!matcher.find()) {
            throw new IllegalStateException("no emarsys_import_leader on " + app.managementPort());
        }
        return (int) Double.parseDouble(matcher.group(2));
    }

    /** The check emarsys-import-leader, from the management port's health with its details. */
    private static JsonNode leadershipCheck(App app) throws Exception {
        JsonNode health = JSON.readTree(get("http://127.0.0.1:" + app.managementPort()
                + "/observe/health?exposureLevel=full&data=true"));
        for (JsonNode check : health.path("checks")) {
            if ("emarsys-import-leader".equals(check.path("name").asText())) {
                return check;
            }
        }
        throw new AssertionError("no check emarsys-import-leader in " + health);
    }

    private static String memberId(App app) throws Exception {
        return leadershipCheck(app).path("data").path("member.id").asText();
    }

    private static String state(String name) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, TestPostgres.user(), "");
             var statement = connection.prepareStatement("SELECT state_value FROM emarsys_state WHERE name = ?")) {
            statement.setString(1, name);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && rows.getString(1) != null ? rows.getString(1) : "";
            }
        } catch (java.sql.SQLException e) {
            return ""; // the tables are not migrated yet
        }
    }

    private static long query(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, TestPostgres.user(), "");
             Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static long exportRequests() throws Exception {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=1000000", null)) {
            if ("POST".equals(entry.path("method").asText()) && entry.path("path").asText().endsWith("/export/filter")) {
                count++;
            }
        }
        return count;
    }

    private static long count(List<String> lines, String text) {
        return lines.stream().filter(line -> line.contains(text)).count();
    }

    /**
     * The topics made up front, as operators do: in the first runs the profiles topic, auto-created by the import's
     * first publish on the standalone broker, answered NOT_LEADER_OR_FOLLOWER and then OUT_OF_ORDER_SEQUENCE_NUMBER
     * until the producer's delivery timeout failed the successor's run.
     */
    private static void createTopics() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(List.of("emarsys.contacts", "emarsys.events", "emarsys.contactlists",
                    "emarsys.segment-events", "emarsys.optins", "emarsys.profiles", "emarsys.webhooks", "emarsys.dlq")
                    .stream().map(name -> new org.apache.kafka.clients.admin.NewTopic(name, 3, (short) 1)).toList())
                    .all().get();
        }
    }

    // --- the sinks

    private static int membersWithPartitions(String group) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        try (Admin admin = Admin.create(props)) {
            ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
            int members = 0;
            for (MemberDescription member : description.members()) {
                members += member.assignment().topicPartitions().isEmpty() ? 0 : 1;
            }
            return members;
        } catch (Exception e) {
            return 0;
        }
    }

    private static String sinkEmail(int i) {
        return "sink" + i + "@scaleout.test";
    }

    private static void produceSinkRecords() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (int i = 0; i < CONTACTS; i++) {
                String birth = i % 100 == 0 ? "31.12.1999" : "1990-01-01"; // refused: must be dead-lettered
                producer.send(new ProducerRecord<>("emarsys.contacts", sinkEmail(i),
                        "{\"email\":\"" + sinkEmail(i) + "\",\"birth_date\":\"" + birth + "\"}"));
            }
            for (int i = 0; i < EVENTS; i++) {
                String email = sinkEmail(i * 5 + 1); // never one of the refused multiples of 100
                producer.send(new ProducerRecord<>("emarsys.events", email,
                        "{\"eventName\":\"order_completed\",\"key\":\"" + email + "\"}"));
            }
        }
    }

    // --- the webhook

    private static String jwt(String jti) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issueTime(Date.from(Instant.now()))
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).jwtID(jti).build();
        SignedJWT token = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        token.sign(new MACSigner(JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return token.serialize();
    }

    private static String payload(String eventId) {
        return "{\"event_id\":\"" + eventId + "\",\"scenario\":\"scaleout\",\"email_address\":\"ann@example.com\"}";
    }

    private static HttpResponse<String> webhook(App app, String token, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.httpPort() + "/webhooks/emarsys"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // --- plumbing

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static JsonNode control(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(simulatorUrl + "/_simulator" + path))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), method + " " + path + ": " + response.body());
        return JSON.readTree(response.body());
    }

    private static void await(String what, int seconds, Callable<Boolean> check) {
        Wait.until(what, Duration.ofSeconds(seconds), check, () -> {
            StringBuilder tails = new StringBuilder();
            for (App app : APPS) {
                tails.append("\n--- app on ").append(app.httpPort()).append(":\n").append(app.process().tail(40));
            }
            return tails.toString();
        });
    }
}
