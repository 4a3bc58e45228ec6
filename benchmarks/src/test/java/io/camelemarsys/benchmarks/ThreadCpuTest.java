package io.camelemarsys.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    @Test
    void aBusyPoolIsOneLineAndTheLinesAddUpToTheProcess() throws Exception {
        AtomicLong sink = new AtomicLong();
        Thread[] busy = new Thread[2];
        for (int i = 0; i < busy.length; i++) {
            busy[i] = new Thread(() -> {
                long end = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() < end) {
                    sink.incrementAndGet();
                }
            }, "busy-pool-" + (i + 7));
            busy[i].start();
        }
        Thread.sleep(400);
        List<String> lines = ThreadCpu.lines(); // while they still run: an ended thread is counted with the JVM's own
        for (Thread thread : busy) {
            thread.join();
        }

        assertTrue(lines.get(0).startsWith("CPU thread=\"the whole process\" seconds="), lines.get(0));
        double process = seconds(lines.get(0));
        double sum = lines.stream().skip(1).mapToDouble(ThreadCpuTest::seconds).sum();
        assertEquals(process, sum, 0.05 * lines.size(), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.contains("thread=\"busy-pool-N\"")).count(), lines.toString());

        String table = ThreadCpu.table(lines);
        assertTrue(table.startsWith("| thread (CPU) | seconds |\n| --- | --- |\n| the whole process | "), table);
        assertEquals(lines.size() + 2, table.split("\n").length);
    }

    private static double seconds(String line) {
        return Double.parseDouble(line.replaceAll("^.* seconds=", ""));
    }
}
