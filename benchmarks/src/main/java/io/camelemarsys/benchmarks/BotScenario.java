package io.camelemarsys.benchmarks;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.apache.camel.main.Main;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;

/** The bot API's "get contact with labels": p50 / p99 latency of sequential requests after a warm-up. */
final class BotScenario {

    private final long requests;

    BotScenario(long requests) {
        this.requests = requests;
    }

    Benchmarks.Report run() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(0).build())) {
            StringBuilder contacts = new StringBuilder("[");
            for (int i = 0; i < 1000; i++) {
                contacts.append(i == 0 ? "" : ",").append("{\"3\":\"bot").append(i).append("@example.com\",\"1\":\"Bo\",\"5\":2,\"100002\":[1,3]}");
            }
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(URI.create(sim.controlUrl() + "/contacts")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(contacts.append("]").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            Main main = new Main();
            // one bot from the emarsys-bot-api route template, with the component's Emarsys account
            main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:templates/emarsys-bot-api.yaml");
            main.addOverrideProperty("camel.route-template[0].template-id", "emarsys-bot-api");
            main.addOverrideProperty("camel.route-template[0].route-id", "bot");
            main.addOverrideProperty("camel.route-template[0].apiKey", "bench-key");
            main.addOverrideProperty("camel.server.enabled", "true");
            main.addOverrideProperty("camel.server.host", "127.0.0.1");
            main.addOverrideProperty("camel.server.port", Integer.toString(port));
            main.addOverrideProperty("camel.component.emarsys.base-url", sim.baseUrl());
            main.addOverrideProperty("camel.component.emarsys.username", sim.config().username());
            main.addOverrideProperty("camel.component.emarsys.secret", sim.config().secret());
            main.start();
            try {
                long warmup = Math.min(200, requests);
                for (int i = 0; i < warmup; i++) {
                    get(http, port, i);
                }
                long[] millis = new long[(int) requests];
                long started = System.nanoTime();
                for (int i = 0; i < requests; i++) {
                    long t = System.nanoTime();
                    get(http, port, i);
                    millis[i] = (System.nanoTime() - t) / 1_000;
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long[] sorted = Benchmarks.sorted(millis);
                double p50 = Benchmarks.percentile(sorted, 50) / 1000.0;
                double p99 = Benchmarks.percentile(sorted, 99) / 1000.0;
                String table = "| requests | p50 ms | p99 ms | requests/s |\n| --- | --- | --- | --- |\n"
                        + String.format("| %d | %.2f | %.2f | %.0f |%n", requests, p50, p99, requests / seconds);
                return new Benchmarks.Report(table, String.format("RESULT bot requests=%d p50_ms=%.2f p99_ms=%.2f requests_per_s=%.0f",
                        requests, p50, p99, requests / seconds));
            } finally {
                main.stop();
            }
        }
    }

    private static void get(HttpClient http, int port, int i) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/bot/contacts/bot" + (i % 1000) + "@example.com?labels=true&fields=First%20Name,gender,Preferred%20channels"))
                .header("X-API-Key", "bench-key").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("bot API answered " + response.statusCode() + ": " + response.body());
        }
    }
}
