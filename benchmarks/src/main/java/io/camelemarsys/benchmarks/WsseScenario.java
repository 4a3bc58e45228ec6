package io.camelemarsys.benchmarks;

import java.util.Collection;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link WsseBenchmark} with JMH (1 fork, 3 warm-up and 5 measured iterations of 1 s). */
final class WsseScenario {

    private WsseScenario() {
    }

    static Benchmarks.Report run() throws Exception {
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(WsseBenchmark.class.getName())
                .forks(1).warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .build()).run();
        RunResult result = results.iterator().next();
        double score = result.getPrimaryResult().getScore();
        double error = result.getPrimaryResult().getScoreError();
        String table = "| benchmark | ns/op | error (99.9%) |\n| --- | --- | --- |\n"
                + String.format("| WsseSigner.header() | %.0f | ± %.0f |\n", score, error);
        return new Benchmarks.Report(table, String.format("RESULT wsse ns_per_op=%.0f error_ns=%.0f", score, error));
    }
}
