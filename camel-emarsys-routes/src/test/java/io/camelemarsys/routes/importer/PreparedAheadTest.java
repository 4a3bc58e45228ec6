package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Chunks prepared one ahead on another thread: in order, all of them, overlapping, failures surfacing. */
class PreparedAheadTest {

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final Stitcher stitcher = new Stitcher(null, new ContactKeys("DE"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static List<List<Stitcher.Row>> chunks(int count) {
        List<List<Stitcher.Row>> chunks = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            chunks.add(List.of(new Stitcher.Row("c" + c, Map.of("email", "c" + c + "@example.com", "phone", "030 123456" + c))));
        }
        return chunks;
    }

    @Test
    void everyChunkComesPreparedInItsOrderFromAnotherThread() {
        List<String> threads = new CopyOnWriteArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<List<Stitcher.Row>> chunks = chunks(5);
        List<List<Stitcher.Row>> prepared = new CopyOnWriteArrayList<>();
        PreparedAhead ahead = new PreparedAhead(chunks.iterator(), rows -> {
            threads.add(Thread.currentThread().getName());
            prepared.add(rows);
            return stitcher.prepare(rows, "email", List.of("phone"));
        }, executor);
        while (ahead.hasNext()) {
            sizes.add(ahead.next().size());
        }
        assertEquals(List.of(1, 1, 1, 1, 1), sizes);
        assertEquals(chunks, prepared, "each chunk once, in the export's order");
        assertFalse(threads.contains(Thread.currentThread().getName()), threads.toString());
    }

    @Test
    void theNextChunkIsPreparedWhileTheCallerWorksOnTheCurrentOne() throws Exception {
        CountDownLatch secondStarted = new CountDownLatch(1);
        PreparedAhead ahead = new PreparedAhead(chunks(2).iterator(), rows -> {
            if (rows.get(0).contactId().equals("c1")) {
                secondStarted.countDown();
            }
            return stitcher.prepare(rows, "email", List.of("phone"));
        }, executor);
        ahead.next();
        // the caller has not asked for the second chunk: it is being prepared already
        assertTrue(secondStarted.await(10, TimeUnit.SECONDS), "the second chunk was not prepared ahead");
        assertTrue(ahead.hasNext());
        assertEquals(1, ahead.next().size());
        assertFalse(ahead.hasNext());
    }

    @Test
    void aChunkThatCannotBePreparedFailsTheCallWithItsOwnError() {
        IllegalArgumentException bad = new IllegalArgumentException("field Phone, value x: not a phone");
        PreparedAhead ahead = new PreparedAhead(chunks(3).iterator(), rows -> {
            if (rows.get(0).contactId().equals("c1")) {
                throw bad;
            }
            return stitcher.prepare(rows, "email", List.of("phone"));
        }, executor);
        assertEquals(1, ahead.next().size());
        assertSame(bad, assertThrows(IllegalArgumentException.class, ahead::next));
    }
}
