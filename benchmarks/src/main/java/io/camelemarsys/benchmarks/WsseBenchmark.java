package io.camelemarsys.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import io.camelemarsys.component.auth.WsseSigner;

/** JMH: the cost of one X-WSSE header (SecureRandom nonce, SHA-1, hex, Base64). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WsseBenchmark {

    private final WsseSigner signer = new WsseSigner("demo", "demo-secret");

    @Benchmark
    public String signOneRequest() {
        return signer.header();
    }
}
