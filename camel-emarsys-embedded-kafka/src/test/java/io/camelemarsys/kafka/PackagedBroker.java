package io.camelemarsys.kafka;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged broker ({@code target/camel-emarsys-kafka.jar}) in its own process, as a user starts it, with its whole
 * output (stdout and stderr) kept line by line for the test to read.
 */
final class PackagedBroker implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PackagedBroker(Process process) {
        this.process = process;
        reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(output::add), "packaged-broker-output");
        reader.setDaemon(true);
        reader.start();
    }

    static PackagedBroker start(String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        // a small heap and the quick JIT: the broker starts sooner on a busy machine
        command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(List.of("-jar", new File("target/camel-emarsys-kafka.jar").getAbsolutePath()));
        command.addAll(List.of(arguments));
        return new PackagedBroker(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** True once the process wrote {@code line}; false when it died or {@code seconds} passed first. */
    boolean awaitLine(String line, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (output.contains(line)) {
                return true;
            }
            if (!process.isAlive()) {
                reader.join(5000);
                return output.contains(line);
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Sends SIGTERM and returns the exit code (-1 when it did not stop within {@code seconds}; then it is killed). */
    int terminate(long seconds) throws InterruptedException {
        process.toHandle().destroy();
        return awaitExit(seconds);
    }

    /** The exit code once the process ended on its own (-1 when it did not within {@code seconds}; then it is killed). */
    int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            reader.join(5000);
            return -1;
        }
        reader.join(5000);
        return process.exitValue();
    }

    String output() {
        return String.join("\n", output);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor();
        }
    }
}
