package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.kamelets.SinkCalls;

/** KafkaBatchSink's data work without a broker: grouping per Kafka key, trigger ids, dead letters, commits. */
class KafkaBatchSinkTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context = new DefaultCamelContext();
    private final KafkaBatchSink sink = new KafkaBatchSink();
    private final List<String> commits = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** A record as the Kafka consumer hands it over in a batch; its commit notes "partition:offset". */
    private Exchange record(String key, int partition, long offset, String value) {
        Exchange record = new DefaultExchange(context);
        record.getMessage().setHeader(KafkaConstants.KEY, key);
        record.getMessage().setHeader(KafkaConstants.TOPIC, "t");
        record.getMessage().setHeader(KafkaConstants.PARTITION, partition);
        record.getMessage().setHeader(KafkaConstants.OFFSET, offset);
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> commits.add(partition + ":" + offset));
        record.getMessage().setBody(value);
        return record;
    }

    private Exchange batch(Exchange... records) {
        Exchange batch = new DefaultExchange(context);
        batch.getMessage().setBody(new ArrayList<>(List.of(records)));
        return batch;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> body(Exchange exchange) {
        return exchange.getMessage().getBody(List.class);
    }

    @SuppressWarnings("unchecked")
    private static List<JsonNode> letters(Exchange exchange) throws Exception {
        List<JsonNode> letters = new ArrayList<>();
        for (String letter : (List<String>) exchange.getMessage().getBody(List.class)) {
            letters.add(JSON.readTree(letter));
        }
        return letters;
    }

    @Test
    void contactsOfOneKeyAreMergedInOffsetOrderAndKeepTheirPlaceOfFirstArrival() {
        Exchange exchange = batch(
                record("ann", 0, 10, "{\"email\":\"ann@x\",\"1\":\"Ann\",\"2\":\"Old\"}"),
                record("bob", 0, 11, "{\"email\":\"bob@x\",\"1\":\"Bob\"}"),
                record("ann", 0, 12, "{\"2\":\"New\",\"5\":\"f\"}"));
        sink.records(exchange);

        List<Map<String, Object>> contacts = body(exchange);
        assertEquals(2, contacts.size(), "one Map per Kafka key: " + contacts);
        assertEquals(Map.of("email", "ann@x", "1", "Ann", "2", "New", "5", "f"), contacts.get(0),
                "the later record wins field by field, the earlier one's other fields stay");
        assertEquals(Map.of("email", "bob@x", "1", "Bob"), contacts.get(1));
        assertEquals(List.of(List.of(10L, 12L), List.of(11L)), offsets(exchange), "each contact keeps all its sources");
    }

    @SuppressWarnings("unchecked")
    private static List<List<Long>> offsets(Exchange exchange) {
        List<List<KafkaBatchSink.Source>> sources = exchange.getProperty(KafkaBatchSink.SOURCES, List.class);
        return sources.stream().map(s -> s.stream().map(KafkaBatchSink.Source::offset).toList()).toList();
    }

    @Test
    void messagesAreNeverMergedAndGetTheirCoordinatesAsTriggerIdUnlessTheyCarryOne() {
        Exchange exchange = batch(
                record("ann", 1, 5, "{\"type\":\"track\"}"),
                record("ann", 1, 6, "{\"type\":\"track\",\"triggerId\":\"own\"}"),
                record("ann", 1, 7, "{\"type\":\"page\",\"trigger_id\":\"mine\"}"));
        sink.messages(exchange, "segment-events");

        List<Map<String, Object>> messages = body(exchange);
        assertEquals(3, messages.size(), "the same key does not merge messages: " + messages);
        assertEquals("t:1:5", messages.get(0).get("trigger_id"));
        assertEquals("own", messages.get(1).get("triggerId"));
        assertTrue(!messages.get(1).containsKey("trigger_id"), "a record's own triggerId is kept alone");
        assertEquals("mine", messages.get(2).get("trigger_id"));
    }

    @Test
    void recordsThatAreNotJsonObjectsBecomeDeadLettersAtOnceAndTheOthersGoOn() throws Exception {
        Exchange exchange = batch(
                record("a", 0, 1, "not json"),
                record("b", 0, 2, "[1,2]"),
                record("c", 0, 3, ""),
                record("d", 0, 4, "{\"email\":\"d@x\"}"));
        sink.records(exchange);
        assertEquals(List.of(Map.of("email", "d@x")), body(exchange));

        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, List.of());
        sink.deadLetters(exchange, "");
        List<JsonNode> letters = letters(exchange);
        assertEquals(3, letters.size(), letters.toString());
        assertTrue(letters.get(0).path("reason").asText().startsWith("The record is not JSON"), letters.get(0).toString());
        assertEquals("The record is JSON but not an object; send a JSON object", letters.get(1).path("reason").asText());
        assertEquals("The record is empty; send a JSON object", letters.get(2).path("reason").asText());
        assertEquals("not json", letters.get(0).path("record").asText());
        assertEquals(JSON.readTree("{\"topic\":\"t\",\"partition\":0,\"offset\":1}"), letters.get(0).path("source"));
    }

    @Test
    void aRefusedContactIsDeadLetteredOncePerSourceRecordWithTheMappingApplied() throws Exception {
        Exchange exchange = batch(
                record("ann", 0, 10, "{\"mail\":\"ann@x\"}"),
                record("bob", 0, 11, "{\"mail\":\"bob@x\"}"),
                record("ann", 0, 12, "{\"mail\":\"ann@x\",\"1\":\"Ann\"}"));
        sink.records(exchange);
        // the Kamelet renamed mail to email before the call: the refused item is the mapped contact
        Map<String, Object> refusedAnn = new LinkedHashMap<>(Map.of("email", "ann@x", "1", "Ann"));
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS,
                List.of(new EmarsysFailedItem("ann@x", 2010, "Invalid value", refusedAnn)));
        sink.deadLetters(exchange, "mail=email");

        List<JsonNode> letters = letters(exchange);
        assertEquals(List.of(10L, 12L), letters.stream().map(l -> l.path("source").path("offset").asLong()).toList(),
                "both records merged into the refused contact are dead-lettered");
        for (JsonNode letter : letters) {
            assertEquals(2010, letter.path("replyCode").asInt());
            assertEquals("Emarsys refused the record (replyCode 2010)", letter.path("reason").asText());
        }
    }

    @Test
    void anItemNamedByItsPositionTracesBackAndTheSinksOwnRefusalSaysSo() throws Exception {
        Exchange exchange = batch(record("a", 0, 1, "{\"type\":\"x\"}"), record("b", 0, 2, "{\"type\":\"y\"}"));
        sink.messages(exchange, "segment-events");
        EmarsysFailedItem own = new EmarsysFailedItem("#1", -1, "Unknown Segment message type 'y'", "other object");
        Set<EmarsysFailedItem> ownRefusals = Collections.newSetFromMap(new IdentityHashMap<>());
        ownRefusals.add(own);
        exchange.setProperty(SinkCalls.OWN_REFUSALS, ownRefusals);
        exchange.getMessage().setHeader(EmarsysConstants.FAILED_ITEMS, List.of(own));
        sink.deadLetters(exchange, "");

        List<JsonNode> letters = letters(exchange);
        assertEquals(1, letters.size());
        assertEquals(2, letters.get(0).path("source").path("offset").asLong(), "#1 is the second sent record");
        assertEquals("The sink refused the record itself; it was not sent to Emarsys", letters.get(0).path("reason").asText());
        assertEquals("Unknown Segment message type 'y'", letters.get(0).path("replyText").asText());
    }

    @Test
    void theCommitIsTheLastRecordOfEachPartition() {
        Exchange exchange = batch(record("a", 0, 1, "{}"), record("b", 1, 7, "{}"), record("c", 0, 2, "{}"),
                record("d", 1, 8, "{}"), record("e", 0, 3, "{}"));
        sink.records(exchange);
        sink.commit(exchange);
        assertEquals(List.of("0:3", "1:8"), commits);
    }

    @Test
    void aBatchWithoutManualCommitIsAClearError() {
        Exchange record = record("a", 0, 1, "{}");
        record.getMessage().removeHeader(KafkaConstants.MANUAL_COMMIT);
        Exchange exchange = batch(record);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sink.commit(exchange));
        assertTrue(e.getMessage().contains("allowManualCommit=true"), e.getMessage());
    }
}
