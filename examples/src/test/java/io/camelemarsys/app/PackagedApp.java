package io.camelemarsys.app;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The packaged app ({@code target/camel-emarsys-app.jar}) in its own process, as a user starts it: a clean
 * environment (no {@code KAFKA_*} or {@code EMARSYS_*} but what the test gives), its own working directory, and its
 * whole output (stdout and stderr) kept line by line for the test to read.
 */
final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final Path workDir;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PackagedApp(Process process, Path workDir) {
        this.process = process;
        this.workDir = workDir;
        reader = new Thread(() -> new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)).lines().forEach(output::add), "packaged-app-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts the app with these environment variables and JVM options (-Xmx, -D...), in a new working directory. */
    static PackagedApp start(Map<String, String> env, String... jvmOptions) throws Exception {
        return start(Files.createTempDirectory("camel-emarsys-app"), env, jvmOptions);
    }

    /** Starts the app in {@code workDir} (a restarted app finds its data there). */
    static PackagedApp start(Path workDir, Map<String, String> env, String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-jar", new File("target/camel-emarsys-app.jar").getAbsolutePath()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("KAFKA_") || name.startsWith("EMARSYS_"));
        builder.environment().putAll(env);
        return new PackagedApp(builder.start(), workDir);
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every line the app wrote so far. */
    List<String> output() {
        return output;
    }

    String tail(int lines) {
        return String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path workDir() {
        return workDir;
    }

    /** kill -9: no shutdown hook, no offset commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        reader.join(5000);
    }

    /** A graceful stop (SIGTERM), forced after 20 seconds; its shutdown output is read to the end too. */
    @Override
    public void close() throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5000);
    }
}
