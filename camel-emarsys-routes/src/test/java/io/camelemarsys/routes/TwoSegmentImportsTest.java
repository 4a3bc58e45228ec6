package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.ServiceStatus;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.camelemarsys.routes.importer.SegmentImport;

/**
 * Two instantiations of the segment import template in one CamelContext, each with its own name, source (a segment;
 * a contact list), profiles topic and store: each runs at start on its own lease, publishes only its own source's
 * profiles to its own topic and keeps its watermarks under its name. A third, with no source, is off: it says so and its run at start never starts.
 */
class TwoSegmentImportsTest extends KafkaRouteTestSupport {

    private LogCapture log;
    private EmarsysStore shopBStore;

    @Override
    String routes() {
        return "classpath:templates/emarsys-segment-import.yaml,classpath:test-routes/two-imports.yaml";
    }

    @Override
    void configure(Main main) {
        try {
            control("POST", "/contacts", "[{\"3\":\"ann@a.example\",\"1\":\"Ann\",\"15\":\"+49 30 1111111\"},"
                    + "{\"3\":\"anna@a.example\",\"1\":\"Anna\",\"15\":\"030 1111111\"},"
                    + "{\"3\":\"al@a.example\",\"1\":\"Al\"},"
                    + "{\"3\":\"bob@b.example\",\"1\":\"Bob\"},"
                    + "{\"3\":\"bea@b.example\",\"1\":\"Bea\"}]");
            String a = control("POST", "/segments", "{\"name\":\"Shop A\",\"field\":\"3\",\"operator\":\"contains\","
                    + "\"value\":\"@a.example\"}").path("id").asText();
            String b = control("POST", "/lists", "{\"name\":\"Shop B\",\"key_id\":\"3\","
                    + "\"external_ids\":[\"bob@b.example\",\"bea@b.example\"]}").path("id").asText();
            control("PUT", "/settings", "{\"exportDelayMillis\":0,\"segmentEvaluationMillis\":0}");
            main.addOverrideProperty("test.import.segment-a", a);
            main.addOverrideProperty("test.import.list-b", b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        main.addOverrideProperty("camel.component.emarsys.poll-interval", "50");
        main.bind("meters", new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        // shop-b's profiles, watermarks and lease in a store of its own
        shopBStore = EmarsysStore.open("jdbc:h2:mem:shop-b-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "", "");
        main.bind("shopBStore", shopBStore);
        log = new LogCapture();
    }

    @Override
    @AfterAll
    void stopApp() {
        super.stopApp(); // shop-b's lease is released into its store before the store closes
        shopBStore.close();
        log.close();
    }

    @Test
    void eachImportPublishesItsOwnSourcesProfilesToItsOwnTopic() throws Exception {
        List<JsonNode> a = new ArrayList<>();
        List<JsonNode> b = new ArrayList<>();
        await("both imports' profiles", () -> {
            try {
                a.clear();
                a.addAll(json("test.profiles-a"));
                b.clear();
                b.addAll(json("test.profiles-b"));
                return a.size() >= 2 && b.size() >= 2;
            } catch (Exception e) {
                return false;
            }
        });
        // shop-a: ann and anna share a phone (one profile), al alone; shop-b: bob and bea
        assertEquals(Set.of("[\"al@a.example\"]", "[\"ann@a.example\",\"anna@a.example\"]"), emails(a), a.toString());
        assertEquals(Set.of("[\"bea@b.example\"]", "[\"bob@b.example\"]"), emails(b), b.toString());

        SegmentImport shopA = bean("emarsysSegmentImport-shop-a");
        SegmentImport shopB = bean("emarsysSegmentImport-shop-b");
        await("both runs done", () -> shopA.status().contains("profiles published")
                && shopB.status().contains("profiles published"));
        assertTrue(shopA.status().contains("full import of segment:" + property("test.import.segment-a") + ": 3 rows, 2 "
                + "profiles published, 0 merged"), shopA.status());
        assertTrue(shopB.status().contains("full import of list:" + property("test.import.list-b") + ": 2 rows, 2 "
                + "profiles published, 0 merged"), shopB.status());

        // the watermarks under each import's name, each in its import's store
        JdbcStateRepository shopAState = new JdbcStateRepository(EmarsysStore.of(main.getCamelContext()));
        JdbcStateRepository shopBState = new JdbcStateRepository(shopBStore);
        String sourceA = "segment:" + property("test.import.segment-a");
        String sourceB = "list:" + property("test.import.list-b");
        assertTrue(notBlank(shopAState.getState("shop-a/" + sourceA + ".lastFull")), "shop-a's watermark");
        assertTrue(notBlank(shopBState.getState("shop-b/" + sourceB + ".lastFull")), "shop-b's watermark");
        assertNull(shopAState.getState(sourceA + ".lastFull"), "not under the app's import's keys");

        // the progress gauges and the leadership per import
        MeterRegistry meters = main.getCamelContext().getRegistry().lookupByNameAndType("meters", MeterRegistry.class);
        assertEquals(3.0, meters.get("emarsys.import.rows").tag("import", "shop-a").gauge().value());
        assertEquals(2.0, meters.get("emarsys.import.rows").tag("import", "shop-b").gauge().value());
        assertEquals(1.0, meters.get("emarsys.import.leader").tag("import", "shop-a").gauge().value());
        assertEquals(1.0, meters.get("emarsys.import.leader").tag("import", "shop-b").gauge().value());

        // a changes run of shop-b reads its list's members and publishes the changed profile to its topic only
        main.getCamelContext().createProducerTemplate().sendBody("emarsys:contact/update",
                java.util.Map.of("email", "bea@b.example", "First Name", "Beatrice"));
        main.getCamelContext().createProducerTemplate().sendBody("direct:emarsys-shop-b-now", null);
        assertTrue(shopB.status().contains("changes import of " + sourceB + ": "), shopB.status());
        assertTrue(json("test.profiles-b").stream().anyMatch(p -> "Beatrice".equals(p.path("fields").path("First Name")
                .asText())), "the changed profile on shop-b's topic");
        assertTrue(json("test.profiles-a").stream().noneMatch(p -> p.path("emails").toString().contains("b.example")),
                "nothing of shop-b on shop-a's topic");

        // shop-c has no source: off, said once, its run at start never started
        assertTrue(log.lines().stream().anyMatch(line -> line.contains("The segment import is off")
                && line.contains("import shop-c")), log.lines().toString());
        assertEquals(ServiceStatus.Stopped, main.getCamelContext().getRouteController()
                .getRouteStatus("shop-c-import-at-start"));
        assertEquals(ServiceStatus.Stopped, main.getCamelContext().getRouteController()
                .getRouteStatus("shop-c-import-schedule"));
        assertNull(main.getCamelContext().getRegistry().lookupByName("emarsysSegmentImport-shop-c"));
    }

    private SegmentImport bean(String name) {
        SegmentImport bean = main.getCamelContext().getRegistry().lookupByNameAndType(name, SegmentImport.class);
        assertTrue(bean != null, "no bean " + name);
        return bean;
    }

    private String property(String name) {
        return main.getCamelContext().getPropertiesComponent().resolveProperty(name).orElseThrow();
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static Set<String> emails(List<JsonNode> profiles) {
        Set<String> emails = new TreeSet<>();
        profiles.forEach(profile -> emails.add(profile.path("emails").toString()));
        return emails;
    }
}
