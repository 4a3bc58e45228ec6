package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Camel's StateRepository in the store, as two instances (two pools on one database) use it. */
class JdbcStateRepositoryTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void whatOneInstanceWritesAnotherReads(String kind) {
        String url = TestStores.emptyDatabase(JdbcStateRepositoryTest.class, kind);
        try (EmarsysStore first = EmarsysStore.open(url, TestStores.user(kind), "");
             EmarsysStore second = EmarsysStore.open(url, TestStores.user(kind), "")) {
            JdbcStateRepository writer = new JdbcStateRepository(first);
            JdbcStateRepository reader = new JdbcStateRepository(second);
            assertNull(reader.getState("segment:1.lastRun"), "nothing written yet");
            writer.setState("segment:1.lastRun", "2026-11-29T10:00:00Z");
            assertEquals("2026-11-29T10:00:00Z", reader.getState("segment:1.lastRun"));
            writer.setState("segment:1.lastRun", "2026-11-29T22:00:00Z");
            assertEquals("2026-11-29T22:00:00Z", reader.getState("segment:1.lastRun"), "a later write replaces it");
            String window = "x".repeat(100_000);
            reader.setState("emarsys.export/changes|" + "First Name,".repeat(60) + "|all|0|null.seen", window);
            assertEquals(window, writer.getState("emarsys.export/changes|" + "First Name,".repeat(60) + "|all|0|null.seen"),
                    "a long key and a long value (an export consumer's rows done)");
        }
    }

    /** Both instances write keys that do not exist yet, at the same moment: every write lands, none fails. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void concurrentFirstWritesOfTheSameKeyAllSucceed(String kind) throws Exception {
        String url = TestStores.emptyDatabase(JdbcStateRepositoryTest.class, kind);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (EmarsysStore first = EmarsysStore.open(url, TestStores.user(kind), "");
             EmarsysStore second = EmarsysStore.open(url, TestStores.user(kind), "")) {
            List<JdbcStateRepository> instances = List.of(new JdbcStateRepository(first), new JdbcStateRepository(second));
            for (int round = 0; round < 30; round++) {
                String key = "race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> writes = new ArrayList<>();
                for (int writer = 0; writer < 8; writer++) {
                    JdbcStateRepository repository = instances.get(writer % 2);
                    String value = "writer-" + writer;
                    writes.add(pool.submit(() -> {
                        go.await();
                        repository.setState(key, value);
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> write : writes) {
                    write.get(); // a unique-key violation surfaces here
                }
                String value = instances.get(0).getState(key);
                assertTrue(Set.of("writer-0", "writer-1", "writer-2", "writer-3", "writer-4", "writer-5", "writer-6",
                        "writer-7").contains(value), value);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
