package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/** Camel Main loads a YAML route file and configures the component from camel.component.emarsys.* alone. */
class MainYamlConfigurationTest {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    private static Main main(EmarsysSimulator sim, Map<String, String> auth) {
        Main main = new Main();
        main.addOverrideProperty("camel.main.name", "emarsys-yaml-test");
        main.addOverrideProperty("camel.main.routes-include-pattern", "classpath:main-yaml/*.yaml");
        main.addOverrideProperty("camel.component.emarsys.base-url", sim.baseUrl());
        auth.forEach(main::addOverrideProperty);
        return main;
    }

    @Test
    void wssePropertiesDriveTheYamlRoutes() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        Main main = main(sim, Map.of(
                "camel.component.emarsys.auth-mode", "wsse",
                "camel.component.emarsys.username", sim.config().username(),
                "camel.component.emarsys.secret", sim.config().secret()));
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            template.sendBody("direct:upsert", Map.of("email", "yaml@example.com", "gender", "Female"));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> found = template.requestBody("direct:get", "yaml@example.com", List.class);
            assertEquals("yaml@example.com", found.get(0).get("email"));
            assertEquals("Female", found.get(0).get("gender"));
            assertTrue(journalPaths(sim).contains("/api/v2/contact"), "WSSE speaks v2");
        } finally {
            main.stop();
        }
    }

    @Test
    void oauth2PropertiesSwitchToApiV3() throws Exception {
        EmarsysSimulator sim = EMARSYS.simulator();
        Main main = main(sim, Map.of(
                "camel.component.emarsys.auth-mode", "oauth2",
                "camel.component.emarsys.client-id", sim.config().clientId(),
                "camel.component.emarsys.client-secret", sim.config().clientSecret(),
                "camel.component.emarsys.token-url", sim.tokenUrl()));
        main.start();
        try {
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            template.sendBody("direct:upsert", Map.of("email", "oauth@example.com", "gender", 1));
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> found = template.requestBody("direct:get", "oauth@example.com", List.class);
            assertEquals("Male", found.get(0).get("gender"));
            List<String> paths = journalPaths(sim);
            assertTrue(paths.contains("/oauth2/token"), paths.toString());
            assertTrue(paths.contains("/api/v3/contact"), paths.toString());
        } finally {
            main.stop();
        }
    }

    private static List<String> journalPaths(EmarsysSimulator sim) throws Exception {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.controlUrl() + "/journal?limit=1000")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode journal = new ObjectMapper().readTree(response.body());
        List<String> paths = new java.util.ArrayList<>();
        journal.forEach(entry -> paths.add(entry.path("path").asText()));
        return paths;
    }
}
