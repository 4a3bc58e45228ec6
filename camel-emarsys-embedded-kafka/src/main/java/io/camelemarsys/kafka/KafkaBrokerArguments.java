package io.camelemarsys.kafka;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The standalone broker's command line: {@code --port N --data-dir DIR [--partitions P]}. Every refusal names the
 * flag, the value it got and what to give instead.
 */
record KafkaBrokerArguments(int port, Path dataDir, int partitions) {

    static final String USAGE = "Usage: java -jar camel-emarsys-kafka.jar --port N --data-dir DIR [--partitions P]"
            + "   (N: TCP port on 127.0.0.1; DIR: the broker's data, kept across restarts;"
            + " P: partitions of topics created on first use, default " + KafkaBrokerArguments.DEFAULT_PARTITIONS + ")";

    static final int DEFAULT_PARTITIONS = 3;

    /** The arguments, or null when only help was asked for. */
    static KafkaBrokerArguments parse(String... args) {
        Integer port = null;
        Path dataDir = null;
        int partitions = DEFAULT_PARTITIONS;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return null;
            }
            if (!flag.equals("--port") && !flag.equals("--data-dir") && !flag.equals("--partitions")) {
                throw new IllegalArgumentException("unknown option '" + flag
                        + "': give --port N, --data-dir DIR and optionally --partitions P");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(flag + " has no value: give it one, for example "
                        + example(flag));
            }
            String value = args[++i];
            switch (flag) {
                case "--port" -> port = number(flag, value, 1, 65535, "a TCP port from 1 to 65535");
                case "--partitions" -> partitions = number(flag, value, 1, 10_000, "a partition count from 1 to 10000");
                default -> dataDir = directory(value);
            }
        }
        if (port == null) {
            throw new IllegalArgumentException("--port is missing: give the port to listen on, for example "
                    + example("--port"));
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("--data-dir is missing: give the directory for the broker's data, "
                    + "for example " + example("--data-dir"));
        }
        return new KafkaBrokerArguments(port, dataDir, partitions);
    }

    private static int number(String flag, String value, int min, int max, String expected) {
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below, with the same message as a number out of range
        }
        throw new IllegalArgumentException(flag + " '" + value + "' is not " + expected + ": give, for example, "
                + example(flag));
    }

    private static Path directory(String value) {
        Path dir = Path.of(value).toAbsolutePath();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--data-dir '" + value + "' is a file, not a directory: give a "
                    + "directory (it is created when missing), for example " + example("--data-dir"));
        }
        return dir;
    }

    private static String example(String flag) {
        return switch (flag) {
            case "--port" -> "--port 9092";
            case "--partitions" -> "--partitions 3";
            default -> "--data-dir ./kafka-data";
        };
    }
}
