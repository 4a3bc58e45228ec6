package io.camelemarsys.benchmarks;

import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import io.camelemarsys.component.EmarsysComponent;
import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.importer.SegmentImport;

/**
 * The import benchmark's measured JVM (run it with -Xmx256m): one full import by the route of the
 * {@code emarsys-segment-import} template, as the app runs it; prints RESULT import ...
 */
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
            EmarsysStore store = EmarsysStore.open(jdbcUrl, "", ""); // on a server, the user is the URL's
            context.getRegistry().bind(EmarsysStore.BEAN_NAME, store);
            context.addService(store, true, true);
            // the chart's samples, as SAMPLE lines for ImportScenario: rows from the import's own progress gauge
            SimpleMeterRegistry progress = new SimpleMeterRegistry();
            context.getRegistry().bind("meters", progress);
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:templates/emarsys-segment-import.yaml"));
            TemplatedRouteBuilder.builder(context, "emarsys-segment-import")
                    .routeId("emarsys-segment-import-now")
                    .parameter("segments", segment)
                    .parameter("fields", "First Name,Last Name,City")
                    .parameter("phoneFields", "Phone,Mobile")
                    .parameter("profilesTopic", "bench.profiles")
                    .add();
            context.start();
            // one process: it takes the store's lease at once; the run waits for it, as the app's run at start does
            awaitLeadership(progress);
            SegmentImport importer = context.getRegistry().lookupByNameAndType("emarsysSegmentImport", SegmentImport.class);
            Benchmarks.resetPeakHeap();
            long started = System.nanoTime();
            RunSampler sampler = RunSampler.start(() -> (long) progress.get("emarsys.import.rows").gauge().value(),
                    sample -> System.out.println(sample.line()));
            context.createProducerTemplate().sendBody("direct:emarsys-segment-import-now", null);
            sampler.stop();
            double seconds = (System.nanoTime() - started) / 1e9;
            ThreadCpu.lines().forEach(System.out::println);
            String status = importer.status();
            long rows = Long.parseLong(status.replaceAll(".*: (\\d+) rows.*", "$1"));
            System.out.printf("RESULT import store=" + storeName + " rows=%d seconds=%.1f rows_per_s=%.0f heap_peak_mb=%d heap_max_mb=%d profiles=%s merged=%s%n",
                    rows, seconds, rows / seconds, Benchmarks.peakHeapMb(), Runtime.getRuntime().maxMemory() >> 20,
                    status.replaceAll(".* (\\d+) profiles published.*", "$1"), status.replaceAll(".* (\\d+) merged.*", "$1"));
        }
        System.exit(0);
    }

    /** Until this process leads the import (the gauge emarsys.import.leader is 1), for at most a minute. */
    private static void awaitLeadership(SimpleMeterRegistry meters) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (meters.find("emarsys.import.leader").gauge() == null
                || meters.find("emarsys.import.leader").gauge().value() != 1.0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The import did not take the store's lease within a minute");
            }
            Thread.sleep(50);
        }
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
