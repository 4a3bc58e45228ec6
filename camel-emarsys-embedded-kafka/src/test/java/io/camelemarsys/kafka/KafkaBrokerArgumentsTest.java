package io.camelemarsys.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerArgumentsTest {

    @Test
    void readsPortDataDirAndPartitions() {
        KafkaBrokerArguments arguments = KafkaBrokerArguments.parse("--port", "19092", "--data-dir", "kafka-data",
                "--partitions", "6");
        assertEquals(19092, arguments.port());
        assertEquals(Path.of("kafka-data").toAbsolutePath(), arguments.dataDir());
        assertEquals(6, arguments.partitions());
        assertEquals(KafkaBrokerArguments.DEFAULT_PARTITIONS,
                KafkaBrokerArguments.parse("--data-dir", "d", "--port", "1").partitions());
        assertNull(KafkaBrokerArguments.parse("--help"));
    }

    @Test
    void eachRefusalNamesTheFlagTheValueAndTheFix(@TempDir Path dir) throws Exception {
        assertRefused("--port 'x' is not a TCP port from 1 to 65535: give, for example, --port 9092",
                "--port", "x", "--data-dir", "d");
        assertRefused("--port '0' is not a TCP port from 1 to 65535: give, for example, --port 9092",
                "--port", "0", "--data-dir", "d");
        assertRefused("--partitions '-1' is not a partition count from 1 to 10000: give, for example, --partitions 3",
                "--port", "9092", "--data-dir", "d", "--partitions", "-1");
        assertRefused("--port is missing: give the port to listen on, for example --port 9092", "--data-dir", "d");
        assertRefused("--data-dir is missing: give the directory for the broker's data, for example "
                + "--data-dir ./kafka-data", "--port", "9092");
        assertRefused("--port has no value: give it one, for example --port 9092", "--port", "--data-dir", "d");
        assertRefused("unknown option '--topic': give --port N, --data-dir DIR and optionally --partitions P",
                "--topic", "t");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertRefused("--data-dir '" + file + "' is a file, not a directory: give a directory (it is created when "
                + "missing), for example --data-dir ./kafka-data", "--port", "9092", "--data-dir", file.toString());
    }

    private static void assertRefused(String message, String... args) {
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> KafkaBrokerArguments.parse(args)).getMessage());
    }
}
