package io.camelemarsys.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;

/**
 * {@code java -jar benchmarks/target/camel-emarsys-benchmarks.jar <upsert|import|bot|wsse|faults|pool> [--records N] [--users K]}: runs one
 * scenario, prints its table and a {@code RESULT ...} line, and appends both, with the command, the date and the
 * machine, to {@code benchmarks/RESULTS.md}.
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java -jar camel-emarsys-benchmarks.jar <upsert|import|bot|wsse|faults|pool> [--records N]"
                    + " [--users K] [--store h2|postgresql] [--jdbc-url URL]");
            System.exit(2);
        }
        long records = -1;
        int users = 4;
        String store = "h2";
        String jdbcUrl = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--records") && i + 1 < args.length) {
                records = Long.parseLong(args[++i]);
            } else if (args[i].equals("--users") && i + 1 < args.length) {
                users = Integer.parseInt(args[++i]);
            } else if (args[i].equals("--store") && i + 1 < args.length) {
                store = args[++i];
            } else if (args[i].equals("--jdbc-url") && i + 1 < args.length) {
                jdbcUrl = args[++i];
            } else {
                System.err.println("unknown option " + args[i]);
                System.exit(2);
            }
        }
        Report report;
        switch (args[0]) {
            case "upsert" -> report = new UpsertScenario(records < 0 ? 1_000_000 : records).run();
            case "import" -> report = new ImportScenario(records < 0 ? 1_000_000 : records, store, jdbcUrl).run();
            case "bot" -> report = new BotScenario(records < 0 ? 2_000 : records).run();
            case "wsse" -> report = WsseScenario.run();
            case "faults" -> report = new FaultScenario(records < 0 ? 100_000 : records).run();
            case "pool" -> report = new PoolScenario(users, records < 0 ? PoolScenario.defaultRecordsPerUser() : records).run();
            default -> {
                System.err.println("unknown scenario " + args[0] + ": use upsert, import, bot, wsse, faults or pool");
                System.exit(2);
                return;
            }
        }
        String command = "java -jar benchmarks/target/camel-emarsys-benchmarks.jar " + String.join(" ", args);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Path results = Files.isDirectory(Path.of("benchmarks")) ? Path.of("benchmarks", "RESULTS.md") : Path.of("RESULTS.md");
        String chart = report.chart() == null ? "" : writeChart(results, args[0], now, report.chart());
        String text = "\n## " + args[0] + " — " + now + "\n\n"
                + "- command: `" + command + "`\n- machine: " + machine() + "\n"
                + (chart.isEmpty() ? "" : "- chart: [" + chart + "](" + chart + ")\n") + "\n" + report.table() + "\n```\n"
                + report.result() + "\n```\n" + (chart.isEmpty() ? "" : "\n![" + args[0] + " over time](" + chart + ")\n");
        System.out.println(text);
        if (!Files.exists(results)) {
            Files.writeString(results, "# Benchmark results\n\nAppended by the harness; newest last.\n", StandardCharsets.UTF_8);
        }
        Files.writeString(results, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        System.exit(0);
    }

    /** A scenario's outcome: a markdown table, the one line scripts parse and, when it has one, its SVG chart. */
    public record Report(String table, String result, String chart) {

        public Report(String table, String result) {
            this(table, result, null);
        }
    }

    /** Writes {@code charts/<scenario>-<time>.svg} next to RESULTS.md; returns its path relative to RESULTS.md. */
    private static String writeChart(Path results, String scenario, Instant time, String svg) throws IOException {
        String name = "charts/" + scenario + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(time) + ".svg";
        Path file = results.resolveSibling(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, svg, StandardCharsets.UTF_8);
        System.out.println("chart: " + file);
        return name;
    }

    static String machine() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, "
                + (((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize() >> 30) + " GiB, Java " + System.getProperty("java.version")
                + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB"
                // other work on the machine slows every figure: say how busy it was when the run ended
                + String.format(java.util.Locale.ROOT, ", load average %.1f at the end",
                        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** The highest used heap seen by a 50 ms sampler since the last reset. */
    private static final java.util.concurrent.atomic.AtomicLong PEAK = new java.util.concurrent.atomic.AtomicLong();

    static {
        Thread sampler = new Thread(() -> {
            while (true) {
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                PEAK.accumulateAndGet(used, Math::max);
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    static void resetPeakHeap() {
        PEAK.set(0);
    }

    /** The highest used heap since the last reset, in MB (sampled every 50 ms). */
    static long peakHeapMb() {
        return PEAK.get() >> 20;
    }

    static long percentile(long[] sortedMillis, double p) {
        if (sortedMillis.length == 0) {
            return -1;
        }
        return sortedMillis[Math.min(sortedMillis.length - 1, (int) Math.ceil(p / 100 * sortedMillis.length) - 1)];
    }

    static long[] sorted(long[] values) {
        long[] copy = Arrays.copyOf(values, values.length);
        Arrays.sort(copy);
        return copy;
    }

    static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // temporary files
        }
    }
}
