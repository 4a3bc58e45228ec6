package io.camelemarsys.benchmarks;

import io.camelemarsys.kafka.EmbeddedKafkaBroker;
import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.model.Account;

/** The import benchmark's other JVM: a simulator with N contacts and a Kafka broker; prints READY url brokers segment. */
public final class ImportInfra {

    private ImportInfra() {
    }

    public static void main(String[] args) throws Exception {
        int contacts = Integer.parseInt(args[0]);
        EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(3);
        EmarsysSimulator sim = EmarsysSimulator.start(SimulatorConfig.builder().rateLimitPerMinute(1000)
                .seedContacts(contacts).exportDelay(java.time.Duration.ofSeconds(2)).journalCapacity(100).build());
        long segment = sim.account().segments().all().stream()
                .filter(s -> s.name().equals(Account.ALL_CONTACTS_SEGMENT)).findFirst().orElseThrow().id();
        System.out.println("READY " + sim.baseUrl() + " " + kafka.bootstrapServers() + " " + segment);
        System.out.flush();
        Thread.currentThread().join();
    }
}
