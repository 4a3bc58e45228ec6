package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The command line: flag parsing, and the simulator as its own process that starts, serves and stops on SIGTERM. */
class SimulatorMainTest {

    private static final Duration STARTUP = Duration.ofSeconds(10);

    @Test
    void parsesEveryFlag() {
        SimulatorConfig config = SimulatorMain.parse(new String[] {"--port", "18089", "--username", "acme001",
            "--secret", "s3cret", "--rate-limit", "250", "--client-id", "acme-client", "--client-secret",
            "acme-client-secret", "--seed-contacts", "25"});
        assertEquals(18089, config.port());
        assertEquals("acme001", config.username());
        assertEquals("s3cret", config.secret());
        assertEquals(250, config.rateLimitPerMinute());
        assertEquals("acme-client", config.clientId());
        assertEquals("acme-client-secret", config.clientSecret());
        assertEquals(25, config.seedContacts());
        assertEquals("127.0.0.1", config.host(), "loopback unless told otherwise");
    }

    @Test
    void parsesMoreUsersAndOAuthClients() {
        SimulatorConfig config = SimulatorMain.parse(new String[] {"--users", "api2:s2, api3:s:3",
            "--oauth-clients", "client2:cs2"});
        assertEquals(Map.of("api2", "s2", "api3", "s:3"), config.extraUsers(), "a secret may hold a colon");
        assertEquals(List.of("demo", "api2", "api3"), List.copyOf(config.wsseUsers().keySet()));
        assertEquals(Map.of("client2", "cs2"), config.extraOAuthClients());
        assertEquals(List.of("demo-client", "client2"), List.copyOf(config.oauthClients().keySet()));
    }

    @Test
    void refusesABadUsersValueNamingTheFlagTheEntryAndTheFormButNeverTheSecret() {
        assertRefused("--users takes NAME:SECRET,NAME:SECRET", "--users", "api2");
        assertRefused("entry 1 'api2' has no ':SECRET'", "--users", "api2");
        assertRefused("entry 2 is empty", "--users", "api2:s2,,api3:s3");
        assertRefused("entry 2 'api3:…' has an empty secret", "--users", "api2:s2,api3:");
        assertRefused("has an empty name", "--oauth-clients", ":cs2");
        assertRefused("'api2' is given twice", "--users", "api2:s2,api2:other");
        assertRefused("--users: user name 'a\"b'", "--users", "a\"b:topsecret");
        assertRefused("--oauth-clients", "--oauth-clients", "demo-client:x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.parse(new String[] {"--users", "api2:s2,api3:"}));
        assertTrue(!e.getMessage().contains(":s2"), "no secret in the message: " + e.getMessage());
    }

    @Test
    void defaultsWithoutFlagsAndNothingToRunForHelp() {
        SimulatorConfig config = SimulatorMain.parse(new String[0]);
        assertEquals(8089, config.port());
        assertEquals("demo", config.username());
        assertEquals(1000, config.rateLimitPerMinute(), "Emarsys documents 1000 requests per minute");
        assertEquals(0, config.seedContacts());
        assertNull(SimulatorMain.parse(new String[] {"--help"}));
    }

    @Test
    void refusesUnknownFlagsAndNonNumbersNamingTheFlag() {
        assertRefused("--bogus", "--bogus", "1");
        assertRefused("--port", "--port", "eighty");
        assertRefused("--rate-limit", "--rate-limit", "lots");
        assertRefused("--seed-contacts", "--seed-contacts", "1.5");
        assertRefused("--port", "--username", "demo", "--port");
    }

    @Test
    void runsAsItsOwnProcessServesAndStopsOnSigterm() throws Exception {
        int port = freeLoopbackPort();
        Process process = java("--port", Integer.toString(port), "--username", "demo", "--secret", "demo-secret",
                "--seed-contacts", "25", "--rate-limit", "100");
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = readLines(process, output, lines);
        try {
            String baseUrl = "http://127.0.0.1:" + port;
            String listening = awaitLine(lines, "Emarsys simulator listening on");
            assertTrue(listening.endsWith(baseUrl), listening);
            String credentials = awaitLine(lines, "username=");
            assertTrue(credentials.contains(baseUrl + "/api/v2"), credentials);
            assertTrue(credentials.contains("username=demo") && credentials.contains("secret=demo-secret"),
                    credentials);
            awaitLine(lines, "contacts:");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> settings = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/settings"))
                    .header("X-WSSE", TestWsse.header("demo", "demo-secret"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, settings.statusCode(), settings.body());
            JsonNode envelope = ApiClient.JSON.readTree(settings.body());
            assertEquals(0, envelope.path("replyCode").asInt(-1));
            assertEquals("demo", envelope.path("data").path("api_user").asText());
            assertEquals("100", settings.headers().firstValue("X-RateLimit-Limit").orElse(null));

            HttpResponse<String> stats = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/_simulator/stats"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, stats.statusCode(), stats.body());
            assertEquals(25, ApiClient.JSON.readTree(stats.body()).path("contacts").asInt(-1), stats.body());

            // SIGTERM. Not Process.destroy(): on Linux it also closes our end of the child's stdout at once, so
            // whatever the shutdown hook prints would be lost; the handle only sends the signal.
            assertTrue(process.toHandle().destroy(), "SIGTERM sent");
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the simulator exits within 10 s of SIGTERM");
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertTrue(output.contains("Emarsys simulator stopped"), "exit " + process.exitValue() + ", output:\n"
                    + String.join("\n", output));
            assertThrows(ConnectException.class, () -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
                }
            }, "the port is closed after the stop");
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void aBadFlagOnTheCommandLineExitsWithUsage() throws Exception {
        Process process = java("--rate-limit", "fast");
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        Thread reader = readLines(process, output, new LinkedBlockingQueue<>());
        try {
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "exits at once");
            reader.join(TimeUnit.SECONDS.toMillis(5));
            assertEquals(2, process.exitValue(), String.join("\n", output));
            String text = String.join("\n", output);
            assertTrue(text.contains("error: --rate-limit"), text);
            assertTrue(text.contains("Usage:"), text);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static void assertRefused(String named, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulatorMain.parse(args));
        assertTrue(e.getMessage().contains(named), "the message names " + named + ": " + e.getMessage());
    }

    private static Process java(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(SimulatorMain.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    private static Thread readLines(Process process, List<String> output, LinkedBlockingQueue<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    output.add(line);
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process went away
            }
        }, "simulator-stdout");
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private static String awaitLine(LinkedBlockingQueue<String> lines, String containing) throws InterruptedException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            seen.add(line);
            if (line.contains(containing)) {
                return line;
            }
        }
        throw new AssertionError("no line with '" + containing + "' within " + STARTUP + "; saw " + seen);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
