package io.camelemarsys.routes;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real PostgreSQL 15 for the tests: one server per test JVM, started on first use from Debian's binaries
 * ({@code /usr/lib/postgresql/15/bin}, or {@code -Demarsys.test.pg-bin=DIR}) on 127.0.0.1 and a free port, with a
 * fresh database for each caller; stopped when the JVM exits. PostgreSQL refuses to run as root, so when the tests
 * run as root the server runs as the user {@value #OS_USER} ({@code runuser -u emarsys-pg --}). Without the binaries
 * (or, as root, without that user) the PostgreSQL cases are skipped with the way to install them; with {@code CI=true}
 * they fail instead, so that CI never passes without them.
 */
public final class TestPostgres {

    public static final String OS_USER = "emarsys-pg";
    private static final Path BIN = Path.of(System.getProperty("emarsys.test.pg-bin", "/usr/lib/postgresql/15/bin"));
    private static final String INSTALL = "PostgreSQL 15 is needed for the PostgreSQL cases of the store tests: "
            + "apt-get install -y postgresql-15 (binaries in /usr/lib/postgresql/15/bin) and, when the tests run as "
            + "root, useradd --system --no-create-home " + OS_USER + " (.ci/run does both)";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static Server server;

    private TestPostgres() {
    }

    /**
     * The JDBC URL of a new, empty database (user {@code postgres}, no password); skips the calling test when
     * PostgreSQL is missing outside CI, fails it in CI.
     */
    public static String newDatabase(String purpose) {
        Server running = server();
        String name = ("t_" + purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_") + "_"
                + DATABASES.incrementAndGet());
        name = name.substring(0, Math.min(name.length(), 60));
        try (Connection admin = DriverManager.getConnection(running.url("postgres"), "postgres", "");
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
        }
        return running.url(name);
    }

    /** The user the test databases are reached as. */
    public static String user() {
        return "postgres";
    }

    private static synchronized Server server() {
        String missing = missing();
        if (missing != null) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail(missing + ". " + INSTALL);
            }
            Assumptions.abort(missing + ": the PostgreSQL case is skipped. " + INSTALL);
        }
        if (server == null) {
            server = Server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "emarsys-test-postgres-stop"));
        }
        return server;
    }

    /** Why PostgreSQL cannot run here, or null. */
    private static String missing() {
        if (!Files.isExecutable(BIN.resolve("initdb")) || !Files.isExecutable(BIN.resolve("pg_ctl"))) {
            return "No PostgreSQL binaries in " + BIN;
        }
        if (root() && !userExists()) {
            return "The tests run as root and PostgreSQL refuses root, but the user " + OS_USER + " does not exist";
        }
        return null;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static boolean userExists() {
        try {
            return new ProcessBuilder("id", "-u", OS_USER).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One initdb'd cluster and its running postmaster. */
    private static final class Server {

        private final Path base;
        private final int port;

        private Server(Path base, int port) {
            this.base = base;
            this.port = port;
        }

        static Server start() {
            try {
                Path base = baseDirectory();
                if (root()) {
                    run(List.of("chown", "-R", OS_USER, base.toString()), base);
                }
                int port;
                try (ServerSocket socket = new ServerSocket(0)) {
                    port = socket.getLocalPort();
                }
                Path data = base.resolve("data");
                run(asServerUser(BIN.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "-A",
                        "trust", "-E", "UTF8", "--no-sync"), base);
                run(asServerUser(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        base.resolve("server.log").toString(), "-w", "-t", "120", "-o",
                        "-p " + port + " -k " + base + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), base);
                return new Server(base, port);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot start the test PostgreSQL: " + e.getMessage(), e);
            }
        }

        String url(String database) {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
        }

        void stop() {
            try {
                run(asServerUser(BIN.resolve("pg_ctl").toString(), "-D", base.resolve("data").toString(), "-m", "fast",
                        "-w", "stop"), base);
            } catch (IOException | RuntimeException e) {
                System.err.println("Stopping the test PostgreSQL in " + base + " failed: " + e.getMessage());
            }
        }

        /**
         * target/postgres-PID when the server's user can reach it (every parent directory open to others), else
         * a directory under java.io.tmpdir; short enough for the Unix socket's path either way.
         */
        private static Path baseDirectory() throws IOException {
            Path target = Path.of("target").toAbsolutePath();
            Path dir = target.resolve("postgres-" + ProcessHandle.current().pid());
            if (!root() || reachableByOthers(target) && dir.toString().length() < 80) {
                Files.createDirectories(dir);
                return dir;
            }
            return Files.createTempDirectory("emarsys-pg-");
        }

        private static boolean reachableByOthers(Path dir) throws IOException {
            for (Path p = dir; p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    return false;
                }
            }
            return true;
        }

        private static List<String> asServerUser(String... command) {
            List<String> all = new ArrayList<>();
            if (root()) {
                all.addAll(List.of("runuser", "-u", OS_USER, "--"));
            }
            all.addAll(List.of(command));
            return all;
        }

        private static void run(List<String> command, Path base) throws IOException {
            Process process = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true).start();
            try {
                if (!process.waitFor(180, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(command + " did not finish within 180 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(command + " was interrupted", e);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                Path log = base.resolve("server.log");
                throw new IllegalStateException(command + " failed (" + process.exitValue() + "): " + output
                        + (Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : ""));
            }
        }
    }
}
