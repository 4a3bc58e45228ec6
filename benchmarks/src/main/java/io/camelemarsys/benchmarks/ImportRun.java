package io.camelemarsys.benchmarks;

import java.time.Duration;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;

import io.camelemarsys.component.EmarsysComponent;
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
        String store = jdbcUrl.startsWith("jdbc:postgresql:") ? "postgresql" : "h2";
        if (store.equals("postgresql")) {
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
            SegmentImport importer = new SegmentImport(new ImportSettings(List.of("segment:" + segment),
                    "First Name,Last Name,City", "email", List.of("Phone", "Mobile"), "optin", Duration.ofHours(12),
                    Duration.ofDays(7), Duration.ofHours(1), "DE", "bench.profiles", true,
                    jdbcUrl, store.equals("h2") ? "" : null, store.equals("h2") ? "" : null, work + "/state.dat",
                    work + "/import.lock")); // on a server, the user is the URL's
            Benchmarks.resetPeakHeap();
            long started = System.nanoTime();
            importer.run(context);
            double seconds = (System.nanoTime() - started) / 1e9;
            String status = importer.status();
            long rows = Long.parseLong(status.replaceAll(".*: (\\d+) rows.*", "$1"));
            System.out.printf("RESULT import store=" + store + " rows=%d seconds=%.1f rows_per_s=%.0f heap_peak_mb=%d heap_max_mb=%d profiles=%s merged=%s%n",
                    rows, seconds, rows / seconds, Benchmarks.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20,
                    status.replaceAll(".* (\\d+) profiles published.*", "$1"), status.replaceAll(".* (\\d+) merged.*", "$1"));
        }
        System.exit(0);
    }

    /** A run on a server starts from empty profile tables, as the H2 run starts from a new file. */
    private static void emptyProfileTables(String jdbcUrl) throws java.sql.SQLException {
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS emarsys_profile");
            statement.execute("DROP TABLE IF EXISTS emarsys_profile_key");
            statement.execute("CREATE TABLE IF NOT EXISTS emarsys_schema_version (component VARCHAR(64) NOT NULL, "
                    + "version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, PRIMARY KEY (component, version))");
            statement.execute("DELETE FROM emarsys_schema_version WHERE component = 'profiles'");
        }
    }
}
