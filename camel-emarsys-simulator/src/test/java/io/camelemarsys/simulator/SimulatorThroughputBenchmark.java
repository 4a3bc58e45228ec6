package io.camelemarsys.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Measures, does not assert speed: batched upsert throughput and a streamed 1,000,000-row export download.
 * Run: {@code mvn -B -ntp -pl camel-emarsys-simulator test -Dgroups=benchmark -DexcludedTestGroups= -Dtest=SimulatorThroughputBenchmark}
 * The figures are printed as {@code RESULT simulator ...} lines.
 */
@Tag("benchmark")
class SimulatorThroughputBenchmark {

    private static final int THREADS = 4;
    private static final int BATCHES = 200;
    private static final int BATCH = 1000;
    private static final int EXPORT_ROWS = 1_000_000;

    @Test
    void batchedUpsertsAndStreamedExport() throws Exception {
        try (EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(0)
                .exportDelay(Duration.ZERO).build())) {
            ApiClient client = new ApiClient(sim);
            HttpClient http = HttpClient.newBuilder().build();
            List<String> bodies = new ArrayList<>();
            for (int b = 0; b < BATCHES; b++) {
                StringBuilder json = new StringBuilder("{\"key_id\":\"3\",\"contacts\":[");
                for (int i = 0; i < BATCH; i++) {
                    int n = b * BATCH + i;
                    json.append(i == 0 ? "" : ",").append("{\"3\":\"bench").append(n).append("@example.com\",\"1\":\"Ann\",")
                            .append("\"2\":\"Berg\",\"4\":\"1980-02-29\",\"5\":2,\"31\":1,\"100002\":[1,3]}");
                }
                bodies.add(json.append("]}").toString());
            }
            // warm up the JIT with a few batches that the measurement then updates
            for (int b = 0; b < 5; b++) {
                upsert(http, sim, bodies.get(b));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            long start = System.nanoTime();
            List<Future<?>> futures = new ArrayList<>();
            for (String body : bodies) {
                futures.add(pool.submit(() -> upsert(http, sim, body)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            pool.shutdown();
            assertEquals(BATCHES * BATCH, sim.account().contacts().size());
            System.out.printf("RESULT simulator upsert contacts=%d batches=%d threads=%d seconds=%.2f contacts_per_s=%.0f%n",
                    BATCHES * BATCH, BATCHES, THREADS, seconds, BATCHES * BATCH / seconds);

            sim.account().generateContacts(EXPORT_ROWS - BATCHES * BATCH);
            System.gc();
            long heapBefore = usedHeapMb();
            resetPeaks();
            String segmentId = client.v2("GET", "/filter", null).data().get(0).path("id").asText();
            long exportId = client.v2("POST", "/export/filter", Map.of("filter", segmentId, "distribution_method",
                    "local", "contact_fields", List.of(1, 2, 3, 31))).data().path("id").asLong();
            start = System.nanoTime();
            HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(
                    URI.create(sim.apiV2Url() + "/export/" + exportId + "/data"))
                    .header("X-WSSE", TestWsse.header(sim.config().username(), sim.config().secret())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(download.body(), StandardCharsets.UTF_8))) {
                while (reader.readLine() != null) {
                    lines++;
                }
            }
            seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(EXPORT_ROWS + 1, lines, "header plus one line per contact");
            System.out.printf("RESULT simulator export rows=%d seconds=%.2f rows_per_s=%.0f heap_before_mb=%d heap_peak_mb=%d%n",
                    EXPORT_ROWS, seconds, EXPORT_ROWS / seconds, heapBefore, peakHeapMb());
        }
    }

    private static void upsert(HttpClient http, EmarsysSimulator sim, String body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(sim.apiV2Url() + "/contact?create_if_not_exists=1"))
                    .header("X-WSSE", TestWsse.header(sim.config().username(), sim.config().secret()))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long usedHeapMb() {
        return (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1024 * 1024);
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    private static long peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / (1024 * 1024);
    }
}
