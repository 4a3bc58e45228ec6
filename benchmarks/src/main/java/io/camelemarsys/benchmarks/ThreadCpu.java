package io.camelemarsys.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a JVM's CPU went, by thread: the threads of a pool as one (their numbers folded to N, except those that follow a letter, as in G1 or H2), and the rest of the
 * process's CPU, which is the JVM's own threads (garbage collection, the JIT compilers) and threads that ended. Printed
 * as {@code CPU thread="..." seconds=...} lines, read by the scenario into its report.
 */
final class ThreadCpu {

    static final String PREFIX = "CPU ";
    /** Groups below this share of the process's CPU are summed into one line. */
    private static final double SMALL = 0.01;

    private ThreadCpu() {
    }

    static List<String> lines() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byGroup = new HashMap<>();
        long javaThreads = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            long nanos = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                byGroup.merge(info.getThreadName().replaceAll("(?<![A-Za-z])\\d+", "N"), nanos, Long::sum);
                javaThreads += nanos;
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        byGroup.put("the JVM's own (GC, JIT compilers) and ended threads", Math.max(0, process - javaThreads));
        List<String> lines = new ArrayList<>();
        lines.add(line("the whole process", process));
        long small = 0;
        for (Map.Entry<String, Long> group : byGroup.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).toList()) {
            if (group.getValue() < process * SMALL) {
                small += group.getValue();
            } else {
                lines.add(line(group.getKey(), group.getValue()));
            }
        }
        lines.add(line("other threads, each under 1%", small));
        return lines;
    }

    private static String line(String thread, long nanos) {
        return String.format(Locale.ROOT, "%sthread=\"%s\" seconds=%.1f", PREFIX, thread.replace('"', '\''), nanos / 1e9);
    }

    /** The lines as a Markdown table. */
    static String table(List<String> lines) {
        StringBuilder table = new StringBuilder("| thread (CPU) | seconds |\n| --- | --- |\n");
        for (String line : lines) {
            String thread = line.replaceAll("^CPU thread=\"(.*)\" seconds=.*$", "$1");
            String seconds = line.replaceAll("^.* seconds=", "");
            table.append("| ").append(thread.replace("|", "/")).append(" | ").append(seconds).append(" |\n");
        }
        return table.toString();
    }
}
