package io.camelemarsys.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A segment import of N contacts with stitching, in a JVM capped at 256 MB of heap; the simulator (N contacts) and
 * the Kafka broker run in a second JVM, as Emarsys and Kafka would run elsewhere. The profile store is a fresh
 * embedded H2 file, or ({@code --store postgresql}) a PostgreSQL server whose profile tables are emptied first.
 */
final class ImportScenario {

    static final String DEFAULT_POSTGRESQL_URL = "jdbc:postgresql://127.0.0.1:55432/postgres?user=postgres&reWriteBatchedInserts=true";

    private final long records;
    private final String store;
    private final String jdbcUrl;

    ImportScenario(long records, String store, String jdbcUrl) {
        if (!store.equals("h2") && !store.equals("postgresql")) {
            throw new IllegalArgumentException("--store " + store + " is not a store: use h2 or postgresql");
        }
        this.records = records;
        this.store = store;
        this.jdbcUrl = jdbcUrl != null ? jdbcUrl : store.equals("postgresql") ? DEFAULT_POSTGRESQL_URL : null;
    }

    Benchmarks.Report run() throws Exception {
        String javaBin = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("java.class.path");
        Path work = Files.createTempDirectory("import-bench");
        Process infra = new ProcessBuilder(javaBin, "-Xmx6g", "-cp", classpath, ImportInfra.class.getName(),
                Long.toString(records)).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(infra.getInputStream(), StandardCharsets.UTF_8));
            String ready;
            while ((ready = out.readLine()) != null && !ready.startsWith("READY ")) {
                // seeding
            }
            if (ready == null) {
                throw new IllegalStateException("the simulator / broker process did not start");
            }
            String[] parts = ready.split(" ");
            Process run = new ProcessBuilder(javaBin, "-Xmx256m", "-cp", classpath, ImportRun.class.getName(), parts[1],
                    parts[2], parts[3], work.toString(), jdbcUrl != null ? jdbcUrl : "jdbc:h2:file:" + work + "/profiles")
                    .redirectErrorStream(true).start();
            List<String> lines = new BufferedReader(new InputStreamReader(run.getInputStream(), StandardCharsets.UTF_8))
                    .lines().toList();
            run.waitFor(60, TimeUnit.MINUTES);
            String result = lines.stream().filter(l -> l.startsWith("RESULT import")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no RESULT from the import run:\n"
                            + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()))));
            String table = "| figure | value |\n| --- | --- |\n" + String.join("\n",
                    java.util.Arrays.stream(result.substring("RESULT import ".length()).split(" "))
                            .map(kv -> "| " + kv.replace("=", " | ") + " |").toList()) + "\n\n"
                    + "Where the measured JVM's CPU went (the store's server and the simulator and broker's JVM not included):\n\n"
                    + ThreadCpu.table(lines.stream().filter(l -> l.startsWith(ThreadCpu.PREFIX)).toList());
            List<RunSampler.Sample> samples = lines.stream().map(RunSampler.Sample::parse)
                    .flatMap(java.util.Optional::stream).toList();
            return new Benchmarks.Report(table, result, RunCharts.rowsAndHeap("import: segment of " + records
                    + " contacts, stitched, in a JVM with -Xmx256m", samples));
        } finally {
            infra.toHandle().destroy();
            infra.waitFor(20, TimeUnit.SECONDS);
            Benchmarks.deleteQuietly(work);
        }
    }
}
