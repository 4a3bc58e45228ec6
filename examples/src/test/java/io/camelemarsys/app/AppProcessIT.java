package io.camelemarsys.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The packaged app ({@code target/camel-emarsys-app.jar}) as a user starts it: its own process, no configuration,
 * so it brings the embedded Kafka broker, the simulator and the demo producer. Records must reach the simulator and
 * the import must publish profiles.
 */
class AppProcessIT {

    private static final Pattern STATUS = Pattern.compile("camel-emarsys \\| records in: (\\d+) \\| contacts written: (\\d+) "
            + "\\| events triggered: (\\d+) \\| dead-lettered: (\\d+) \\| 429 waits: (\\d+) \\| import: (.*)");

    @Test
    void theDefaultModeRunsEveryFlowOnItsOwn() throws Exception {
        int http = PackagedApp.freePort();
        int management = PackagedApp.freePort();
        int simulator = PackagedApp.freePort();
        PackagedApp app = PackagedApp.start(Map.of("EMARSYS_HTTP_PORT", Integer.toString(http),
                "EMARSYS_MANAGEMENT_PORT", Integer.toString(management),
                "EMARSYS_SIMULATOR_PORT", Integer.toString(simulator)),
                "-Xmx1g", "-Demarsys.demo.period-ms=200", "-Demarsys.status.period-ms=1000");
        List<String> output = app.output();
        try {
            Wait.until("a status line with contacts written, events triggered and a finished import",
                    Duration.ofSeconds(150), () -> {
                        Matcher last = lastStatus(output);
                        return last != null && Long.parseLong(last.group(2)) > 0 && Long.parseLong(last.group(3)) > 0
                                && last.group(6).contains("profiles published");
                    }, () -> !app.isAlive(), () -> app.tail(40));
            Matcher status = lastStatus(output);
            assertTrue(status != null && status.group(6).contains("profiles published"),
                    "the app reported no finished import; last output:\n" + app.tail(40));
            assertTrue(Long.parseLong(status.group(2)) > 0, "contacts written: " + status.group());
            assertTrue(Long.parseLong(status.group(3)) > 0, "events triggered: " + status.group());
            Matcher published = Pattern.compile("(\\d+) profiles published").matcher(status.group(6));
            assertTrue(published.find() && Long.parseLong(published.group(1)) >= EmbeddedDefaults.SEED_CONTACTS / 2,
                    status.group(6));

            HttpClient client = HttpClient.newHttpClient();
            JsonNode stats = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + simulator + "/_simulator/stats")).build(), HttpResponse.BodyHandlers.ofString()).body());
            // the demo contacts exist from the start, so the demo producer's records update them
            assertTrue(stats.path("contactsCreated").asLong() + stats.path("contactsUpdated").asLong() > 0,
                    "records reached the simulator: " + stats);
            assertTrue(stats.path("eventsTriggered").asLong() > 0, stats.toString());
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + management + "/observe/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("UP"), health.body());
            botApiRefusesAttacksAndDistinctQueriesCostNothing(client, http, app.pid());
        } finally {
            app.close();
        }
    }

    /**
     * Issue 11, points 1 and 2 on the packaged app: an option smuggled in a query value is a 400 and no connection to
     * the attacker's host; 200 distinct queries leave the process's threads and open files flat.
     */
    private static void botApiRefusesAttacksAndDistinctQueriesCostNothing(HttpClient client, int port, long pid)
            throws Exception {
        java.util.function.Function<String, HttpResponse<String>> bot = path -> {
            try {
                return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("X-API-Key", "demo-bot-key").build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(path, e);
            }
        };
        // README's first curl: the demo contacts exist from the start (demo300 is one the demo producer never writes)
        HttpResponse<String> readme = bot.apply("/bot/contacts/demo300@example.com?labels=true");
        assertEquals(200, readme.statusCode(), readme.body());
        assertEquals("demo300@example.com", new ObjectMapper().readTree(readme.body()).path("email").asText(),
                "keyed by string id: " + readme.body());
        try (ServerSocket attacker = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            String smuggled = java.net.URLEncoder.encode("en&baseUrl=http://127.0.0.1:" + attacker.getLocalPort(),
                    StandardCharsets.UTF_8);
            HttpResponse<String> attack = bot.apply("/bot/fields?language=" + smuggled);
            assertEquals(400, attack.statusCode(), attack.body());
            attacker.setSoTimeout(500);
            try (java.net.Socket leaked = attacker.accept()) {
                throw new AssertionError("the app connected to the attacker's host from " + leaked);
            } catch (java.net.SocketTimeoutException expected) {
                // nothing came
            }
        }
        List<String> ids = new java.util.ArrayList<>();
        new ObjectMapper().readTree(bot.apply("/bot/fields").body()).forEach(f -> ids.add(f.path("id").asText()));
        List<String> queries = new java.util.ArrayList<>();
        for (int i = 0; queries.size() < 250; i++) {
            String a = ids.get(i % ids.size());
            String b = ids.get((i / ids.size() + 1 + i) % ids.size());
            if (!a.equals(b) && !queries.contains(a + "," + b)) {
                queries.add(a + "," + b);
            }
        }
        for (String fields : queries.subList(0, 50)) { // the HTTP server's pools fill up first
            assertEquals(404, bot.apply("/bot/contacts/nobody@example.com?fields=" + fields).statusCode(), fields);
        }
        long threadsBefore = entries("/proc/" + pid + "/task");
        long filesBefore = entries("/proc/" + pid + "/fd");
        for (String fields : queries.subList(50, 250)) {
            HttpResponse<String> response = bot.apply("/bot/contacts/nobody@example.com?fields=" + fields);
            assertEquals(404, response.statusCode(), fields + " " + response.body());
        }
        long threadsAfter = entries("/proc/" + pid + "/task");
        long filesAfter = entries("/proc/" + pid + "/fd");
        assertTrue(threadsAfter <= threadsBefore + 30, "app threads " + threadsBefore + " -> " + threadsAfter);
        assertTrue(filesAfter <= filesBefore + 30, "app open files " + filesBefore + " -> " + filesAfter);
    }

    private static long entries(String directory) throws Exception {
        try (java.util.stream.Stream<Path> list = Files.list(Path.of(directory))) {
            return list.count();
        }
    }

    private static Matcher lastStatus(List<String> output) {
        for (int i = output.size() - 1; i >= 0; i--) {
            Matcher m = STATUS.matcher(output.get(i));
            if (m.find()) {
                return m;
            }
        }
        return null;
    }
}
