package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.camelemarsys.simulator.model.Field;

/**
 * Issue 11, points 1 and 2, with OAuth2 credentials (the ones a tokenUrl attack would steal): a caller with the bot
 * key cannot set endpoint options through query values or headers, and distinct queries cost no endpoint, client,
 * thread or file, and no second read of the field list.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BotApiHardeningTest extends KafkaRouteTestSupport {

    private static final String KEY = "bot-api-key";
    private static final int PORT = freePort();
    private ConnectionRecorder attacker;
    private String contactId;

    @Override
    String routes() {
        return "classpath:templates/emarsys-bot-api.yaml,classpath:test-routes/bot-api.yaml";
    }

    @Override
    void configure(Main main) {
        serveHttpOn(main, PORT);
        main.addOverrideProperty("emarsys.bot.api-key", KEY);
        main.addOverrideProperty("camel.component.emarsys.auth-mode", "oauth2");
        main.addOverrideProperty("camel.component.emarsys.client-id", EMARSYS.simulator().config().clientId());
        main.addOverrideProperty("camel.component.emarsys.client-secret", EMARSYS.simulator().config().clientSecret());
        main.addOverrideProperty("camel.component.emarsys.token-url", EMARSYS.simulator().tokenUrl());
    }

    @BeforeAll
    void seed() throws Exception {
        attacker = new ConnectionRecorder();
        control("POST", "/contacts", "[{\"3\":\"hard@example.com\",\"1\":\"Hal\",\"5\":1,\"100002\":[2]}]");
        contactId = stored("hard@example.com").get(0).path("id").asText();
    }

    @AfterAll
    void closeListener() throws Exception {
        attacker.close();
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + pathAndQuery))
                .timeout(Duration.ofSeconds(20)).header("X-API-Key", KEY).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(1)
    void distinctQueriesCostNoThreadNoFileAndNoSecondReadOfTheFieldList() throws Exception {
        List<String> ids = new ArrayList<>();
        for (Field field : EMARSYS.simulator().account().fields().all()) {
            ids.add(Integer.toString(field.id()));
        }
        List<String> queries = new ArrayList<>();
        for (String a : ids) {
            for (String b : ids) {
                if (!a.equals(b)) {
                    queries.add("/bot/contacts/hard@example.com?fields=" + a + "," + b + "&labels="
                            + (queries.size() % 2 == 0));
                }
            }
        }
        assertTrue(queries.size() >= 550, "enough distinct queries: " + queries.size());
        for (String query : queries.subList(0, 50)) { // the HTTP server's and client's pools fill up
            assertEquals(200, get(query).statusCode(), query);
        }
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long filesBefore = openFiles();
        for (String query : queries.subList(50, 550)) {
            HttpResponse<String> response = get(query);
            assertEquals(200, response.statusCode(), query + " " + response.body());
        }
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        long filesAfter = openFiles();
        assertTrue(threadsAfter <= threadsBefore + 10, "threads " + threadsBefore + " -> " + threadsAfter);
        assertTrue(filesAfter <= filesBefore + 10, "open files " + filesBefore + " -> " + filesAfter);
        assertEquals(1, journalCount("/api/v3/field"), "the field list is read once for 550 distinct queries");
    }

    @Test
    @Order(2)
    void queryValuesCannotSetEndpointOptions() throws Exception {
        String listener = "http://127.0.0.1:" + attacker.port();
        List<String> attacks = List.of(
                "/bot/fields?language=" + encoded("en&tokenUrl=" + listener + "/oauth2/token"),
                "/bot/fields?language=" + encoded("en&baseUrl=" + listener),
                "/bot/fields/gender/choices?language=" + encoded("en&tokenUrl=" + listener + "/oauth2/token"),
                "/bot/contacts/hard@example.com?language=" + encoded("en&tokenUrl=" + listener + "/oauth2/token"),
                "/bot/contacts/hard@example.com?fields=" + encoded("1&tokenUrl=" + listener + "/oauth2/token"),
                "/bot/contacts/hard@example.com?fields=" + encoded("1&baseUrl=" + listener),
                "/bot/contacts/hard@example.com?labels=" + encoded("true&tokenUrl=" + listener + "/oauth2/token"),
                "/bot/contacts/hard@example.com?labels=" + encoded("false&baseUrl=" + listener),
                "/bot/contacts/" + contactId + "?language=" + encoded("en&keyField=id"),
                "/bot/contacts/" + contactId + "?fields=" + encoded("1&keyField=id"),
                "/bot/contacts/" + contactId + "?labels=" + encoded("true&keyField=id"),
                "/bot/contacts/hard@example.com?labels=yes",
                "/bot/contacts/hard@example.com?language=xx",
                "/bot/contacts/hard@example.com?fields=1,,2",
                "/bot/contacts/hard@example.com?labels=true&labels=false");
        for (String attack : attacks) {
            HttpResponse<String> response = get(attack);
            assertEquals(400, response.statusCode(), attack + " -> " + response.body());
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
            JsonNode problem = JSON.readTree(response.body());
            assertTrue(problem.path("detail").asText().matches("(Query parameter (language|fields|labels) is '.*|"
                    + "Unknown Emarsys field '.*)"), attack + " -> " + problem);
        }
        assertEquals(List.of(), attacker.received(), "no request left for another host");
        HttpResponse<String> unknown = get("/bot/contacts/hard@example.com?fields=First%20Name,Shoe%20size");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("Unknown Emarsys field 'Shoe size'"), unknown.body());
        assertEquals("Hal", JSON.readTree(get("/bot/contacts/hard@example.com?fields=First%20Name&labels=true"
                + "&language=de").body()).path("First Name").asText(), "good queries still work");
    }

    @Test
    @Order(3)
    void requestHeadersCannotSteerTheEndpoint() throws Exception {
        HttpResponse<String> byId = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT
                        + "/bot/contacts/" + contactId + "?CamelEmarsysKeyField=id&CamelEmarsysLanguage=de"))
                .header("X-API-Key", KEY).header("CamelEmarsysKeyField", "id").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, byId.statusCode(), "the key is still an e-mail address: " + byId.body());
    }

    private static String encoded(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private long journalCount(String path) throws Exception {
        long count = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if ("GET".equals(entry.path("method").asText()) && path.equals(entry.path("path").asText())) {
                count++;
            }
        }
        return count;
    }

    private static long openFiles() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("/proc/self/fd"))) {
            return files.count();
        }
    }
}
