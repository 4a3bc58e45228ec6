package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.camelemarsys.simulator.EmarsysSimulator;
import io.camelemarsys.simulator.EmarsysSimulatorExtension;
import io.camelemarsys.simulator.SimulatorConfig;

/**
 * Endpoints of one API user share one HTTP client and the account's field list: a new endpoint costs no thread, no
 * connection and no read of the field list; the component's stop releases the client and its threads.
 */
class SharedClientTest extends EmarsysTestSupport {

    @RegisterExtension
    static final EmarsysSimulatorExtension EMARSYS = new EmarsysSimulatorExtension(
            SimulatorConfig.builder().rateLimitPerMinute(0).build());

    @Override
    EmarsysSimulator simulator() {
        return EMARSYS.simulator();
    }

    @Test
    void theFieldListIsReadOnceForAllEndpointsOfTheAccount() {
        List<String> uris = List.of("emarsys:contact/upsert", "emarsys:contact/get?fields=email",
                "emarsys:contact/get?fields=First Name,gender&resolveChoices=true", "emarsys:contact/update?batchSize=5",
                "emarsys:contact/get?fields=1&failOnPartialErrors=true");
        call(uris.get(0), map("email", "shared@example.com", "First Name", "Sam"));
        for (String uri : uris.subList(1, uris.size())) {
            Exchange exchange = call(uri, uri.contains("update") ? map("email", "shared@example.com") : "shared@example.com");
            assertNull(exchange.getException(), uri);
        }
        Exchange choices = call("emarsys:field/choices", "gender");
        assertNull(choices.getException());
        assertEquals(1, fieldListReads(), "one read of GET /field for " + (uris.size() + 1) + " endpoints");
        assertEquals(1, context.getComponent("emarsys", EmarsysComponent.class).httpClientCount());
    }

    @Test
    void theComponentsStopReleasesTheClientAndItsThreads() throws Exception {
        long selectorsBefore = threads("SelectorManager");
        for (String uri : List.of("emarsys:settings/get", "emarsys:event/list", "emarsys:contactlist/list")) {
            assertNull(call(uri, null).getException(), uri);
        }
        assertEquals(selectorsBefore + 1, threads("SelectorManager"), "one HTTP client (one selector) for 3 endpoints");

        context.stop();
        Awaitility.await("the client's selector thread and executor end").atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    System.gc(); // Java 17's HttpClient ends its selector once it is no longer referenced
                    return threads("SelectorManager") <= selectorsBefore && threads("EmarsysHttpClient") == 0;
                });
        // at most as many as before: the GC may also end the selectors of clients other tests left behind
        long selectorsAfter = threads("SelectorManager");
        assertTrue(selectorsAfter <= selectorsBefore, "the client's selector thread ended: " + selectorsBefore
                + " before, " + selectorsAfter + " after");
        assertEquals(0, threads("EmarsysHttpClient"), "the client's executor is shut down");
    }

    private long fieldListReads() {
        long reads = 0;
        for (JsonNode entry : control("GET", "/journal?limit=10000", null)) {
            if ("GET".equals(entry.path("method").asText()) && "/api/v2/field".equals(entry.path("path").asText())) {
                reads++;
            }
        }
        return reads;
    }

    private static long threads(String nameContains) {
        Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        return all.keySet().stream().filter(t -> t.isAlive() && t.getName().contains(nameContains)).count();
    }
}
