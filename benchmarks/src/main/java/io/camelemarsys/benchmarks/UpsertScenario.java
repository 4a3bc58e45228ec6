package io.camelemarsys.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.main.Main;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.routes.SinkMeters;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Kafka -> contact upsert: our kafka-to-emarsys-contacts template against the route a user would otherwise write
 * (camel-http, WSSE signed in a processor, one PUT per record, retried on 429 / 5xx), same broker, same simulator,
 * with Emarsys' 1000 requests/minute and then without a limit. The hand-written route runs on a slice (2.5 minutes'
 * budget, N/400, with the limit; N/100 without) and the rates are compared.
 */
final class UpsertScenario {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final long records;
    private final List<String> rows = new ArrayList<>();
    private String result;
    /** Our runs' samples, for the chart (the hand-written route runs on a slice, at rates too low for the same scale). */
    private final Map<String, List<RunSampler.Sample>> samples = new java.util.LinkedHashMap<>();

    UpsertScenario(long records) {
        this.records = records;
    }

    /** One run's figures. */
    record Run(String name, long records, double seconds, long calls, long rateLimited, long p50, long p99,
                       long heapMb) {
        double rate() {
            return records / seconds;
        }
    }

    Benchmarks.Report run() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(3)) {
            Run ours = ours(kafka, "limited", 1000, records);
            // 2.5 budgets: the first minute's 1000 requests go at once, the rest waits for the next windows
            Run baseline = baseline(kafka, "limited", 1000, Math.max(25, records * 5 / 2000));
            Run oursFree = ours(kafka, "unlimited", 0, records);
            Run baselineFree = baseline(kafka, "unlimited", 0, Math.max(100, records / 100));
            StringBuilder table = new StringBuilder("| run | records | seconds | records/s | API calls | 429s | p50 ms | p99 ms | peak heap MB |\n"
                    + "| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (Run run : List.of(ours, baseline, oursFree, baselineFree)) {
                table.append(String.format("| %s | %d | %.1f | %.0f | %d | %d | %d | %d | %d |%n", run.name(), run.records(),
                        run.seconds(), run.rate(), run.calls(), run.rateLimited(), run.p50(), run.p99(), run.heapMb()));
            }
            table.append(String.format("%nratio with the limit: %.0fx; without: %.0fx (records/s, ours / hand-written)%n",
                    ours.rate() / baseline.rate(), oursFree.rate() / baselineFree.rate()));
            result = String.format("RESULT upsert records_per_s=%.0f calls=%d rate_limited=%d p50_ms=%d p99_ms=%d heap_peak_mb=%d "
                    + "baseline_records_per_s=%.1f baseline_calls=%d ratio=%.0f unlimited_records_per_s=%.0f "
                    + "unlimited_baseline_records_per_s=%.0f unlimited_ratio=%.0f",
                    ours.rate(), ours.calls(), ours.rateLimited(), ours.p50(), ours.p99(), ours.heapMb(), baseline.rate(),
                    baseline.calls(), ours.rate() / baseline.rate(), oursFree.rate(), baselineFree.rate(),
                    oursFree.rate() / baselineFree.rate());
            return new Benchmarks.Report(table.toString(), result, RunCharts.throughput(
                    "upsert: Kafka to Emarsys contact upserts, " + records + " records", samples()));
        }
    }

    /** The samples of the runs of {@link #ours} so far, by run name, for a chart. */
    Map<String, List<RunSampler.Sample>> samples() {
        return samples;
    }

    private static EmarsysSimulator simulator(int limit) {
        return EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(limit).journalCapacity(10).build());
    }

    /** Produces {@code n} contact records to {@code topic} (keys = e-mails); not part of the measured time. */
    private static void produce(EmbeddedKafkaBroker kafka, String topic, long n, long offset, long pauseMicros) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        props.put(ProducerConfig.ACKS_CONFIG, "1");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            for (long i = offset; i < offset + n; i++) {
                String email = "bench" + i + "@example.com";
                producer.send(new ProducerRecord<>(topic, email, "{\"email\":\"" + email
                        + "\",\"First Name\":\"B" + i + "\",\"gender\":\"female\",\"optin\":true}"));
                if (pauseMicros > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(pauseMicros * 1000);
                }
            }
        }
    }

    private Run ours(EmbeddedKafkaBroker kafka, String mode, int limit, long n) throws Exception {
        return ours(kafka, mode, SimulatorConfig.builder().rateLimitPerMinute(limit).journalCapacity(10), Map.of(), 1, n);
    }

    /**
     * Our template on {@code n} records against a simulator built from {@code simulator}: {@code consumers} instances
     * of the template share the topic's partitions (as app instances would), {@code parameters} adds template
     * parameters, and the component gets every API user of the simulator's account (the extra ones as its pool).
     */
    Run ours(EmbeddedKafkaBroker kafka, String mode, SimulatorConfig.Builder simulator, Map<String, String> parameters,
            int consumers, long n) throws Exception {
        String topic = "bench.ours." + mode;
        produce(kafka, topic, n, 0, 0);
        try (EmarsysSimulator sim = EmarsysSimulator.start(simulator.build())) {
            Path routes = Files.createTempFile("bench-routes", ".yaml");
            StringBuilder yaml = new StringBuilder();
            for (int c = 0; c < consumers; c++) {
                yaml.append("- templatedRoute:\n    routeTemplateRef: kafka-to-emarsys-contacts\n    routeId: bench-").append(c)
                        .append("\n    parameters:\n      - name: topic\n        value: ").append(topic)
                        .append("\n      - name: groupId\n        value: bench-").append(mode)
                        .append("\n      - name: dlqTopic\n        value: bench.dlq\n");
                parameters.forEach((name, value) -> yaml.append("      - name: ").append(name).append("\n        value: \"")
                        .append(value).append("\"\n"));
            }
            Files.writeString(routes, yaml);
            Main main = new Main();
            main.addOverrideProperty("camel.main.routes-include-pattern",
                    "classpath:templates/kafka-to-emarsys-contacts.yaml,file:" + routes);
            main.addOverrideProperty("camel.component.kafka.brokers", kafka.bootstrapServers());
            main.addOverrideProperty("camel.component.emarsys.base-url", sim.baseUrl());
            main.addOverrideProperty("camel.component.emarsys.username", sim.config().username());
            main.addOverrideProperty("camel.component.emarsys.secret", sim.config().secret());
            if (!sim.config().extraUsers().isEmpty()) {
                main.addOverrideProperty("camel.component.emarsys.pool-usernames",
                        String.join(",", sim.config().extraUsers().keySet()));
                main.addOverrideProperty("camel.component.emarsys.pool-secrets",
                        String.join(",", sim.config().extraUsers().values()));
            }
            Benchmarks.resetPeakHeap();
            long started = System.nanoTime();
            RunSampler sampler = RunSampler.start(() -> ((Number) sim.stats().get("contacts")).longValue());
            main.start();
            try {
                awaitContacts(sim, n);
                double seconds = (System.nanoTime() - started) / 1e9;
                samples.put("ours, " + mode, sampler.stop());
                Map<String, Object> stats = sim.stats();
                long calls = ((Number) stats.get("requests")).longValue();
                long limited = ((Number) stats.get("rateLimited")).longValue();
                long heap = Benchmarks.peakHeapMb();
                // latency probe: 1000 more records at 200/s, measured from the record's timestamp to the commit
                SinkMeters meters = SinkMeters.of(main.getCamelContext());
                meters.forgetLatencies("contacts");
                produce(kafka, topic, 1000, n, 5000);
                awaitContacts(sim, n + 1000);
                Thread.sleep(1500);
                return new Run("ours, " + mode, n, seconds, calls, limited, meters.latencyPercentile("contacts", 50),
                        meters.latencyPercentile("contacts", 99), heap);
            } finally {
                sampler.stop();
                main.stop();
                Files.deleteIfExists(routes);
            }
        }
    }

    private Run baseline(EmbeddedKafkaBroker kafka, String mode, int limit, long n) throws Exception {
        String topic = "bench.baseline." + mode;
        produce(kafka, topic, n, 0, 0);
        try (EmarsysSimulator sim = simulator(limit); CamelContext context = new DefaultCamelContext()) {
            List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
            context.addRoutes(new HandWrittenRoute(kafka.bootstrapServers(), topic, sim, latencies));
            Benchmarks.resetPeakHeap();
            long started = System.nanoTime();
            context.start();
            awaitContacts(sim, n);
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> stats = sim.stats();
            long[] sorted = Benchmarks.sorted(latencies.stream().mapToLong(Long::longValue).toArray());
            return new Run("hand-written, " + mode, n, seconds, ((Number) stats.get("requests")).longValue(),
                    ((Number) stats.get("rateLimited")).longValue(), Benchmarks.percentile(sorted, 50),
                    Benchmarks.percentile(sorted, 99), Benchmarks.peakHeapMb());
        }
    }

    private static void awaitContacts(EmarsysSimulator sim, long n) throws InterruptedException {
        long deadline = System.nanoTime() + 30L * 60 * 1_000_000_000L;
        while (((Number) sim.stats().get("contacts")).longValue() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out: " + sim.stats());
            }
            Thread.sleep(100);
        }
    }

    /**
     * What a user writes without the component: one PUT per record, signed in a processor; a failure (429, 5xx)
     * is redelivered to the sub-route so that the WSSE header is built again.
     */
    static final class HandWrittenRoute extends RouteBuilder {
        private final String brokers;
        private final String topic;
        private final EmarsysSimulator sim;
        private final List<Long> latencies;
        private final SecureRandom random = new SecureRandom();

        HandWrittenRoute(String brokers, String topic, EmarsysSimulator sim, List<Long> latencies) {
            this.brokers = brokers;
            this.topic = topic;
            this.sim = sim;
            this.latencies = latencies;
        }

        @Override
        public void configure() {
            errorHandler(defaultErrorHandler().maximumRedeliveries(-1).redeliveryDelay(1000));
            from("kafka:" + topic + "?brokers=" + brokers + "&groupId=baseline-" + topic + "&autoOffsetReset=earliest")
                    .to("direct:put")
                    .process(e -> latencies.add(System.currentTimeMillis()
                            - e.getMessage().getHeader("kafka.TIMESTAMP", Long.class)));
            from("direct:put").errorHandler(noErrorHandler())
                    .process(this::sign)
                    .to(sim.apiV2Url().replace("http://", "http://") + "/contact?create_if_not_exists=1");
        }

        @SuppressWarnings("unchecked")
        private void sign(Exchange exchange) throws Exception {
            Map<String, Object> record = JSON.readValue(exchange.getMessage().getBody(String.class), Map.class);
            String body = "{\"key_id\":\"3\",\"3\":\"" + record.get("email") + "\",\"1\":\"" + record.get("First Name")
                    + "\",\"5\":2,\"31\":1}";
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            String nonce = HexFormat.of().formatHex(bytes);
            String created = Instant.now().toString();
            String digest = Base64.getEncoder().encodeToString(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest((nonce + created + sim.config().secret()).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII));
            exchange.getMessage().setHeader("X-WSSE", "UsernameToken Username=\"" + sim.config().username()
                    + "\", PasswordDigest=\"" + digest + "\", Nonce=\"" + nonce + "\", Created=\"" + created + "\"");
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "PUT");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setBody(body);
        }
    }
}
