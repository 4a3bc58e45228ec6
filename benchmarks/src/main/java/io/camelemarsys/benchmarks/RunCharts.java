package io.camelemarsys.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The scenarios' charts, from their runs' samples (see {@link RunSampler}). */
final class RunCharts {

    private RunCharts() {
    }

    /** Records/s over time, one line per run (named by the map's keys, in its order), all on one axis. */
    static String throughput(String title, Map<String, List<RunSampler.Sample>> runs) {
        List<SvgLineChart.Series> series = new ArrayList<>();
        runs.forEach((name, samples) -> series.add(new SvgLineChart.Series(name + " (records/s)", SvgLineChart.Axis.LEFT,
                RunSampler.rates(samples))));
        return new SvgLineChart(title, "seconds since the start of the run", "records/s", null).render(series);
    }

    /** Rows/s on the left axis and the heap in use on the right one, over the same time. */
    static String rowsAndHeap(String title, List<RunSampler.Sample> samples) {
        return new SvgLineChart(title, "seconds since the start of the import", "rows/s", "heap used (MB)").render(List.of(
                new SvgLineChart.Series("rows/s", SvgLineChart.Axis.LEFT, RunSampler.rates(samples)),
                new SvgLineChart.Series("heap used MB", SvgLineChart.Axis.RIGHT, RunSampler.heap(samples))));
    }
}
