package io.camelemarsys.benchmarks;

import java.util.Map;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * A pool of API users past one user's ceiling: the upsert scenario's Kafka-to-upsert path (our template) against a
 * simulator that limits each API user to 1000 requests/minute, first with one user, then with K users of the same
 * account in the component's pool, in the same run. Each run gets 2.5 minutes of its users' budget (records in
 * proportion to the users), so the limit binds and the rates compare budgets, not start-up. Batches of
 * {@value #BATCH} records keep the runs small: one user's ceiling is then 1000 x {@value #BATCH} / 60 records/s.
 */
final class PoolScenario {

    static final int BATCH = 100;
    /** Template instances sharing the topic's 3 partitions: one sequential consumer cannot spend four budgets. */
    static final int CONSUMERS = 3;
    static final int PER_MINUTE = 1000;

    private final int users;
    private final long recordsPerUser;

    PoolScenario(int users, long recordsPerUser) {
        if (users < 2) {
            throw new IllegalArgumentException("--users " + users + ": the pool scenario compares one user with K, "
                    + "so give K of 2 or more, for example --users 4");
        }
        this.users = users;
        this.recordsPerUser = recordsPerUser;
    }

    /** 2.5 minutes of one user's budget. */
    static long defaultRecordsPerUser() {
        return PER_MINUTE * 5L / 2 * BATCH;
    }

    Benchmarks.Report run() throws Exception {
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(3)) {
            UpsertScenario upsert = new UpsertScenario(recordsPerUser);
            Map<String, String> batches = Map.of("batchSize", Integer.toString(BATCH));
            UpsertScenario.Run single = upsert.ours(kafka, "pool-1-user", simulator(1), batches, CONSUMERS, recordsPerUser);
            UpsertScenario.Run pooled = upsert.ours(kafka, "pool-" + users + "-users", simulator(users), batches, CONSUMERS,
                    recordsPerUser * users);
            double speedup = pooled.rate() / single.rate();
            // requests/minute per user below the budget: the machine, not the API budget, set that run's pace
            StringBuilder table = new StringBuilder("| run | records | seconds | records/s | API calls | requests/minute "
                    + "per user (budget " + PER_MINUTE + ") | 429s | p50 ms | p99 ms | peak heap MB |\n"
                    + "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            int[] usersOf = {1, users};
            UpsertScenario.Run[] runs = {single, pooled};
            for (int i = 0; i < runs.length; i++) {
                UpsertScenario.Run run = runs[i];
                table.append(String.format("| %s | %d | %.1f | %.0f | %d | %.0f | %d | %d | %d | %d |%n", run.name(),
                        run.records(), run.seconds(), run.rate(), run.calls(), run.calls() * 60 / run.seconds() / usersOf[i],
                        run.rateLimited(), run.p50(), run.p99(), run.heapMb()));
            }
            table.append(String.format("%n%d users: %.2fx one user's records/s (each user %d requests/minute, batches "
                    + "of %d records, %d consumers)%n", users, speedup, PER_MINUTE, BATCH, CONSUMERS));
            String result = String.format("RESULT pool users=%d records_per_s=%.0f single_user_records_per_s=%.0f "
                    + "speedup=%.2f", users, pooled.rate(), single.rate(), speedup);
            return new Benchmarks.Report(table.toString(), result, RunCharts.throughput("pool: one API user, then "
                    + users + " users of one account, 1000 requests/minute each", upsert.samples()));
        }
    }

    /** An account whose {@code count} API users each have 1000 requests/minute. */
    private static SimulatorConfig.Builder simulator(int count) {
        SimulatorConfig.Builder builder = SimulatorConfig.builder().rateLimitPerMinute(PER_MINUTE).journalCapacity(10);
        for (int i = 2; i <= count; i++) {
            builder.user("bench-user-" + i, "bench-secret-" + i);
        }
        return builder;
    }
}
