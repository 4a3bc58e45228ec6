package io.camelemarsys.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A server of this build run from its jar as a user runs it ({@code java -jar <module>/target/<name>.jar ...}): the
 * simulator or the standalone Kafka broker, ready once it printed its ready line; stopped with SIGTERM.
 */
final class ServerJar implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();

    private ServerJar(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(output::add), "server-jar-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code ../<module>/target/<jar>} (examples' tests run in the examples directory) and waits up to 90 s
     * for a line that starts with {@code readyLine}.
     */
    static ServerJar start(String module, String jar, String readyLine, String... args) throws Exception {
        Path path = Path.of("..", module, "target", jar).toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException(path + " is missing: build " + module + " first (mvn package)");
        }
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + File.separator + "bin"
                + File.separator + "java", "-Xmx512m", "-jar", path.toString()));
        command.addAll(List.of(args));
        ServerJar server = new ServerJar(new ProcessBuilder(command).redirectErrorStream(true).start());
        try {
            Wait.until(jar + " printing '" + readyLine + "'", Duration.ofSeconds(90),
                    () -> server.output.stream().anyMatch(line -> line.startsWith(readyLine)),
                    () -> !server.process.isAlive(), () -> String.join("\n", server.output));
        } catch (AssertionError notReady) {
            server.close();
            throw notReady;
        }
        return server;
    }

    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
