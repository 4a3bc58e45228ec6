package io.camelemarsys.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Once a second during a run: how far it got (records, rows: whatever {@code progress} counts) and the heap this JVM
 * uses. The samples become the run's chart; a run in another JVM hands them over as {@code SAMPLE ...} lines.
 */
final class RunSampler implements AutoCloseable {

    /** {@code count} done after {@code seconds}, with {@code heapUsedMb} of heap in use. */
    record Sample(double seconds, long count, long heapUsedMb) {

        private static final String PREFIX = "SAMPLE ";

        String line() {
            return String.format(Locale.ROOT, "%s%.3f %d %d", PREFIX, seconds, count, heapUsedMb);
        }

        /** The sample on a line {@link #line()} wrote; empty for any other line. */
        static Optional<Sample> parse(String line) {
            if (!line.startsWith(PREFIX)) {
                return Optional.empty();
            }
            String[] parts = line.substring(PREFIX.length()).trim().split(" ");
            return Optional.of(new Sample(Double.parseDouble(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])));
        }
    }

    private final LongSupplier progress;
    private final Consumer<Sample> listener;
    private final long started = System.nanoTime();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "run-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private RunSampler(LongSupplier progress, Consumer<Sample> listener) {
        this.progress = progress;
        this.listener = listener;
    }

    /** Starts sampling now (the first sample, at 0 s, is taken at once). */
    static RunSampler start(LongSupplier progress) {
        return start(progress, sample -> { });
    }

    /** As {@link #start(LongSupplier)}, and hands each sample to {@code listener} as it is taken. */
    static RunSampler start(LongSupplier progress, Consumer<Sample> listener) {
        RunSampler sampler = new RunSampler(progress, listener);
        sampler.timer.scheduleAtFixedRate(sampler::sample, 0, 1, TimeUnit.SECONDS);
        return sampler;
    }

    private void sample() {
        try {
            Sample sample = new Sample((System.nanoTime() - started) / 1e9, progress.getAsLong(),
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20);
            samples.add(sample);
            listener.accept(sample);
        } catch (RuntimeException e) {
            // one missing point in a chart; a thrown exception would end the timer's sampling for good
            System.err.println("run sampler: no sample this second: " + e);
        }
    }

    /** Stops sampling after one last sample (the end of the run) and returns them all. */
    List<Sample> stop() {
        if (!timer.isShutdown()) {
            timer.shutdown();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // the end of the run as the last point; a tick just before it would make a rate over a sliver of time
            if (samples.size() > 1
                    && (System.nanoTime() - started) / 1e9 - samples.get(samples.size() - 1).seconds() < 0.5) {
                samples.remove(samples.size() - 1);
            }
            sample();
        }
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        stop();
    }

    /** The rate between consecutive samples (count per second), at the end of each interval. */
    static List<SvgLineChart.Point> rates(List<Sample> samples) {
        List<SvgLineChart.Point> points = new ArrayList<>();
        for (int i = 1; i < samples.size(); i++) {
            Sample previous = samples.get(i - 1);
            Sample current = samples.get(i);
            double seconds = current.seconds() - previous.seconds();
            if (seconds > 0) {
                points.add(new SvgLineChart.Point(current.seconds(), (current.count() - previous.count()) / seconds));
            }
        }
        return points;
    }

    static List<SvgLineChart.Point> heap(List<Sample> samples) {
        return samples.stream().map(s -> new SvgLineChart.Point(s.seconds(), s.heapUsedMb())).toList();
    }
}
