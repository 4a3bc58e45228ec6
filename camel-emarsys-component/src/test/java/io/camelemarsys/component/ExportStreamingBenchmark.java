package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A measurement, not a unit test: a 1,000,000-contact simulator in one JVM, the component streaming the whole
 * segment export in another JVM capped at 256 MB of heap. Run:
 * {@code mvn -B -ntp -pl camel-emarsys-component test -Dgroups=benchmark -DexcludedTestGroups= -Dtest=ExportStreamingBenchmark}
 */
@Tag("benchmark")
class ExportStreamingBenchmark {

    private static final int ROWS = Integer.getInteger("export.rows", 1_000_000);

    @Test
    void streamsAMillionRowExportInA256MbHeap() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        String classpath = System.getProperty("java.class.path");
        Process simulator = new ProcessBuilder(java, "-Xmx3g", "-cp", classpath,
                "io.camelemarsys.simulator.SimulatorMain", "--port", Integer.toString(port), "--rate-limit", "0",
                "--seed-contacts", Integer.toString(ROWS), "--export-delay-ms", "500")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("contacts:")) {
                // wait until seeded and listening
            }
            assertNotNull(line, "the simulator did not start");
            Process check = new ProcessBuilder(java, "-Xmx256m", "-cp", classpath,
                    "io.camelemarsys.component.ExportStreamingCheck", "http://127.0.0.1:" + port, "demo", "demo-secret",
                    "100000").redirectErrorStream(true).start();
            List<String> lines = new BufferedReader(new InputStreamReader(check.getInputStream(),
                    StandardCharsets.UTF_8)).lines().toList();
            check.waitFor(10, TimeUnit.MINUTES);
            String result = lines.stream().filter(l -> l.startsWith("RESULT")).findFirst()
                    .orElseThrow(() -> new AssertionError("no RESULT line; output:\n" + String.join("\n", lines)));
            System.out.println(result);
            Matcher rows = Pattern.compile("rows=(\\d+)").matcher(result);
            rows.find();
            assertEquals(ROWS, Long.parseLong(rows.group(1)));
            assertEquals(0, check.exitValue());
        } finally {
            simulator.toHandle().destroy();
            simulator.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
