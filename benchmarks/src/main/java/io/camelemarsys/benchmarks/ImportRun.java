package io.camelemarsys.benchmarks;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.camelemarsys.component.EmarsysComponent;
import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.JdbcStateRepository;
import io.camelemarsys.routes.importer.ImportSettings;
import io.camelemarsys.routes.importer.SegmentImport;

/** The import benchmark's measured JVM (run it with -Xmx256m): one full import; prints RESULT import ... */
public final class ImportRun {

    private ImportRun() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        String brokers = args[1];
        String segment = args[2];
        String work = args[3];
        String jdbcUrl = args.length > 4 ? args[4] : "jdbc:h2:file:" + work + "/profiles";
        String storeName = jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        if (storeName.equals("postgresql")) {
            emptyProfileTables(jdbcUrl);
        }
        try (CamelContext context = new DefaultCamelContext()) {
            EmarsysComponent emarsys = new EmarsysComponent();
            emarsys.getConfiguration().setBaseUrl(baseUrl);
            emarsys.getConfiguration().setUsername("demo");
            emarsys.getConfiguration().setSecret("demo-secret");
            emarsys.getConfiguration().setPollInterval(500);
            context.addComponent("emarsys", emarsys);
            context.getPropertiesComponent().addInitialProperty("camel.component.kafka.brokers", brokers);
            org.apache.camel.component.kafka.KafkaComponent kafka = new org.apache.camel.component.kafka.KafkaComponent();
            kafka.getConfiguration().setBrokers(brokers);
            context.addComponent("kafka", kafka);
            context.start();
            EmarsysStore store = EmarsysStore.open(jdbcUrl, "", ""); // on a server, the user is the URL's
            context.addService(store, true, true);
            SegmentImport importer = new SegmentImport(new ImportSettings(List.of("segment:" + segment),
                    "First Name,Last Name,City", "email", List.of("Phone", "Mobile"), "optin", Duration.ofHours(12),
                    Duration.ofDays(7), Duration.ofHours(1), "DE", "bench.profiles", true), store, new JdbcStateRepository(store),
                    () -> io.camelemarsys.routes.importer.ImportFence.NONE); // one process, no other writer
            Benchmarks.resetPeakHeap();
            long started = System.nanoTime();
            // the chart's samples, as SAMPLE lines for ImportScenario: rows from the import's own progress gauge
            SimpleMeterRegistry progress = new SimpleMeterRegistry();
            importer.bindMetrics(progress);
            RunSampler sampler = RunSampler.start(() -> (long) progress.get("emarsys.import.rows").gauge().value(),
                    sample -> System.out.println(sample.line()));
            importer.run(context);
            sampler.stop();
            double seconds = (System.nanoTime() - started) / 1e9;
            String status = importer.status();
            long rows = Long.parseLong(status.replaceAll(".*: (\\d+) rows.*", "$1"));
            System.out.printf("RESULT import store=" + storeName + " rows=%d seconds=%.1f rows_per_s=%.0f heap_peak_mb=%d heap_max_mb=%d profiles=%s merged=%s%n",
                    rows, seconds, rows / seconds, Benchmarks.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20,
                    status.replaceAll(".* (\\d+) profiles published.*", "$1"), status.replaceAll(".* (\\d+) merged.*", "$1"));
        }
        System.exit(0);
    }

    /**
     * A run on a server starts from an empty store, as the H2 run starts from a new file: its tables (profiles, the
     * import's watermarks in emarsys_state, the migration history) are dropped, and the store's migrations make them
     * anew.
     */
    private static void emptyProfileTables(String jdbcUrl) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
             java.sql.Statement statement = connection.createStatement()) {
            for (String table : List.of("emarsys_profile_key", "emarsys_profile_due", "emarsys_profile", "emarsys_state", "emarsys_idempotency",
                    "emarsys_lease", "emarsys_schema_history", "emarsys_schema_version")) {
                statement.execute("DROP TABLE IF EXISTS " + table);
            }
        }
    }
}
