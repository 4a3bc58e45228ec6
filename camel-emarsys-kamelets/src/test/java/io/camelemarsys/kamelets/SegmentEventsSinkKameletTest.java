package io.camelemarsys.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;
import io.camelemarsys.simulator.http.Faults;

/**
 * The Segment events sink in a user's route (routes/segment-refusals.camel.yaml), as the other sinks answer: a call
 * Emarsys refuses for what its messages say comes back in CamelEmarsysFailedItems and the exchange goes on; a fault
 * of Emarsys fails the exchange. The sink decides this in its doCatch's first step: a doCatch onWhen with a bean
 * predicate does not see the caught exception, so it took every refusal for an outage.
 */
class SegmentEventsSinkKameletTest extends CamelMainTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    protected void configure(MainConfigurationProperties main) {
        main.withRoutesIncludePattern("classpath:routes/segment-refusals.camel.yaml");
    }

    @Override
    protected Properties useOverridePropertiesWithPropertiesComponent() {
        Properties properties = new Properties();
        properties.put("camel.component.emarsys.base-url", EMARSYS.simulator().baseUrl());
        properties.put("camel.component.emarsys.username", EMARSYS.simulator().config().username());
        properties.put("camel.component.emarsys.secret", EMARSYS.simulator().config().secret());
        properties.put("camel.component.emarsys.max-retries", "0");
        return properties;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallRefusedForItsEventComesBackAsFailedItemsAndTheOtherMessagesGoThrough() throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(EMARSYS.simulator().controlUrl() + "/events"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"order_completed\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Refund Issued is mapped to an event id the account does not have: Emarsys refuses that call as a whole (5001)
        Exchange result = template.send("direct:segment-events", e -> e.getMessage().setBody(List.of(
                Map.of("type", "identify", "messageId", "r-1", "userId", "u-ann",
                        "traits", Map.of("email", "ann@example.com")),
                Map.of("type", "track", "messageId", "r-2", "userId", "u-ann", "event", "Refund Issued"),
                Map.of("type", "track", "messageId", "r-3", "userId", "u-ann", "event", "Refund Issued"),
                Map.of("type", "track", "messageId", "r-4", "userId", "u-ann", "event", "Order Completed"))));

        assertNull(result.getException(), () -> "a refusal of the messages failed the exchange: " + result.getException());
        List<EmarsysFailedItem> refused = result.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        assertEquals(2, refused.size(), String.valueOf(refused));
        for (EmarsysFailedItem item : refused) {
            assertEquals(5001, item.replyCode(), item.toString());
            assertEquals("Refund Issued", ((Map<String, Object>) item.item()).get("event"), item.toString());
        }
        assertEquals(2, result.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT, Integer.class),
                "the identify and the mapped track");
    }

    @Test
    void anEmarsysOutageFailsTheExchange() {
        EMARSYS.simulator().faults(new Faults(1.0, 0, 0, 0, 0, 0, 3));
        try {
            Exchange result = template.send("direct:segment-events", e -> e.getMessage().setBody(List.of(
                    Map.of("type", "identify", "messageId", "o-1", "userId", "u-out",
                            "traits", Map.of("email", "out@example.com")))));
            assertNotNull(result.getException(), "an outage must fail the exchange, so that the batch is held");
            EmarsysApiException failure = result.getException(EmarsysApiException.class);
            assertNotNull(failure, () -> "the outage as it was: " + result.getException());
            assertTrue(failure.getHttpResponseCode() >= 500, failure.toString());
        } finally {
            EMARSYS.simulator().faults(Faults.NONE);
        }
    }
}
