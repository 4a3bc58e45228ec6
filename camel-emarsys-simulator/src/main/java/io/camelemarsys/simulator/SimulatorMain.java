package io.camelemarsys.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar camel-emarsys-simulator.jar --port 8089 --username demo --secret demo-secret}: runs the simulator
 * until SIGTERM / Ctrl-C.
 */
public final class SimulatorMain {

    static final String USAGE = String.join("\n",
            "Usage: java -jar camel-emarsys-simulator.jar [options]",
            "  --port N                 TCP port on 127.0.0.1 (default 8089; 0 = any free port)",
            "  --host ADDRESS           bind address (default 127.0.0.1)",
            "  --username NAME          WSSE API user for /api/v2 (default demo)",
            "  --secret SECRET          WSSE secret (default demo-secret)",
            "  --client-id ID           OAuth2 client id for /oauth2/token and /api/v3 (default demo-client)",
            "  --client-secret SECRET   OAuth2 client secret (default demo-client-secret)",
            "  --users NAME:SECRET,...  more WSSE API users of the account, each with its own rate budget",
            "  --oauth-clients ID:SECRET,... more OAuth2 clients of the account, each with its own rate budget",
            "  --token-lifetime SECONDS access token lifetime (default 3600)",
            "  --rate-limit N           requests per minute per API user (default 1000; 0 = off)",
            "  --seed-contacts N        generate N contacts and the segment \"All contacts\" (default 0)",
            "  --seed N                 random seed for generated data and faults (default 42)",
            "  --export-delay-ms N      time an export takes before it is done (default 2000)",
            "  --segment-evaluation-ms N time a segment takes to evaluate (default 1000)",
            "  --changes-datetime BOOL  contact/getchanges takes date-times in time_range, as an account where\n"
          + "                           Emarsys enabled them (default false: dates only, as documented)",
            "  --help                   this text");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        SimulatorConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (config == null) {
            System.out.println(USAGE);
            return;
        }
        EmarsysSimulator simulator = EmarsysSimulator.start(config);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("Emarsys simulator stopped");
            stopped.countDown();
        }, "emarsys-simulator-shutdown"));
        System.out.println("Emarsys simulator listening on " + simulator.baseUrl());
        System.out.println("  API v2 (WSSE):    " + simulator.apiV2Url() + "   username=" + config.username()
                + " secret=" + config.secret());
        System.out.println("  API v3 (OAuth2):  " + simulator.apiV3Url() + "   token URL " + simulator.tokenUrl()
                + " client-id=" + config.clientId() + " client-secret=" + config.clientSecret());
        if (!config.extraUsers().isEmpty()) {
            System.out.println("  more WSSE users:  " + String.join(", ", config.extraUsers().keySet()));
        }
        if (!config.extraOAuthClients().isEmpty()) {
            System.out.println("  more OAuth2 clients: " + String.join(", ", config.extraOAuthClients().keySet()));
        }
        System.out.println("  control API:      " + simulator.controlUrl() + "/stats");
        System.out.println("  rate limit:       " + (config.rateLimitPerMinute() == 0 ? "off"
                : config.rateLimitPerMinute() + " requests/minute per API user"));
        System.out.println("  contacts:         " + simulator.account().contacts().size());
        stopped.await();
    }

    /** Null when only help was asked for. */
    static SimulatorConfig parse(String[] args) {
        SimulatorConfig.Builder builder = SimulatorConfig.builder().port(8089);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> builder.port(number(flag, value));
                case "--host" -> builder.host(value);
                case "--username" -> builder.username(value);
                case "--secret" -> builder.secret(value);
                case "--client-id" -> builder.clientId(value);
                case "--client-secret" -> builder.clientSecret(value);
                case "--users" -> credentials(flag, value).forEach((name, secret) -> named(flag,
                        () -> builder.user(name, secret)));
                case "--oauth-clients" -> credentials(flag, value).forEach((id, secret) -> named(flag,
                        () -> builder.oauthClient(id, secret)));
                case "--token-lifetime" -> builder.tokenLifetime(Duration.ofSeconds(number(flag, value)));
                case "--rate-limit" -> builder.rateLimitPerMinute(number(flag, value));
                case "--seed-contacts" -> builder.seedContacts(number(flag, value));
                case "--seed" -> builder.seed(number(flag, value));
                case "--export-delay-ms" -> builder.exportDelay(Duration.ofMillis(number(flag, value)));
                case "--changes-datetime" -> builder.changesDateTime(bool(flag, value));
                case "--segment-evaluation-ms" -> builder.segmentEvaluation(Duration.ofMillis(number(flag, value)));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        return builder.build();
    }

    /**
     * {@code NAME:SECRET,NAME:SECRET}: split at commas, then at each entry's first colon (a secret may hold colons,
     * not commas). An error names the flag, the entry (without its secret) and the expected form.
     */
    static java.util.Map<String, String> credentials(String flag, String value) {
        String form = flag + " takes NAME:SECRET,NAME:SECRET (for example " + flag + " api2:secret2,api3:secret3)";
        if (value.isBlank()) {
            throw new IllegalArgumentException(form + ", got an empty value");
        }
        java.util.Map<String, String> entries = new java.util.LinkedHashMap<>();
        String[] parts = value.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String entry = parts[i].trim();
            int colon = entry.indexOf(':');
            if (entry.isEmpty()) {
                throw new IllegalArgumentException(form + "; entry " + (i + 1) + " is empty (a stray comma?)");
            }
            if (colon < 0) {
                throw new IllegalArgumentException(form + "; entry " + (i + 1) + " '" + entry
                        + "' has no ':SECRET'");
            }
            String name = entry.substring(0, colon);
            if (name.isEmpty() || colon == entry.length() - 1) {
                throw new IllegalArgumentException(form + "; entry " + (i + 1) + " '" + name + ":…' has an empty "
                        + (name.isEmpty() ? "name" : "secret"));
            }
            if (entries.putIfAbsent(name, entry.substring(colon + 1)) != null) {
                throw new IllegalArgumentException(form + "; '" + name + "' is given twice, give each one once");
            }
        }
        return entries;
    }

    /** Runs a builder call, naming the flag in its error. */
    private static void named(String flag, Runnable call) {
        try {
            call.run();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + ": " + e.getMessage(), e);
        }
    }

    private static boolean bool(String flag, String value) {
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new IllegalArgumentException(flag + " takes true or false, got '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    private static int number(String flag, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes a number, got '" + value + "'");
        }
    }
}
