package io.camelemarsys.routes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysFailedItem;
import io.camelemarsys.kamelets.FailureClassifier;
import io.camelemarsys.kamelets.FieldMapping;
import io.camelemarsys.kamelets.OptIns;
import io.camelemarsys.kamelets.SinkCalls;

/**
 * The steps a Kafka-fed sink route takes around an Emarsys call, at least once:
 * <ol>
 * <li>{@link #records}: the poll's batch of Kafka records becomes a List of Maps; records with the same Kafka key
 * (the contact key) are merged in offset order, so the last value wins as if applied one by one; a record that is
 * not a JSON object becomes a dead letter at once.</li>
 * <li>the Emarsys call (a Kamelet, failOnPartialErrors=false): what is wrong with a record (a refused item, a call
 * refused as a whole for its content) comes back as a refused item; only a fault of Emarsys or the connection
 * ({@link FailureClassifier#holdsBatch}) is an exception, which leaves the batch uncommitted, and the Kafka consumer
 * delivers it again.</li>
 * <li>{@link #deadLetters}: every refused item, traced back to its source records, becomes a dead letter
 * {@code {record, reason, replyCode, replyText, source: {topic, partition, offset}, failedAt}}.</li>
 * <li>{@link #commit}: after the dead letters are written, the offsets of the batch are committed.</li>
 * </ol>
 */
public final class KafkaBatchSink {

    public static final String SOURCES = "CamelEmarsysSourceRecords";
    public static final String DEAD_LETTERS = "CamelEmarsysDeadLetters";
    public static final String SENT = "CamelEmarsysSentRecords";
    /** The sink's name, set by step 1 and read by the meters of steps 3 and 4 (see {@link SinkMeters}). */
    public static final String SINK = "CamelEmarsysSink";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaBatchSink.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A Kafka record as it arrived. */
    record Source(String topic, int partition, long offset, String value) {
        Map<String, Object> coordinates() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("topic", topic);
            map.put("partition", partition);
            map.put("offset", offset);
            return map;
        }
    }

    /** Step 1 for contacts: the batch as a List of Maps, one per Kafka key; the sources kept for step 3. */
    public void records(Exchange exchange) {
        records(exchange, "contacts", true, record -> record);
    }

    /**
     * Step 1 for opt-ins: each record {@code {key, channel, granted}} becomes the contact update it stands for
     * (see {@link OptIns}), then updates of one contact are merged in offset order.
     */
    public void optIns(Exchange exchange, String channels, String keyField) {
        OptIns optIns = new OptIns(channels, keyField);
        records(exchange, "optins", true, optIns::toContact);
    }

    /**
     * Step 1 for events: one Map per record, never merged; a record without {@code trigger_id} gets
     * {@code <topic>:<partition>:<offset>}, so that a redelivered record never fires a campaign twice.
     */
    public void events(Exchange exchange) {
        records(exchange, "events", false, record -> record);
    }

    /** Step 1 for list changes and Segment messages: one Map per record, never merged; {@code sink} names the meters. */
    public void messages(Exchange exchange, String sink) {
        records(exchange, sink, false, record -> record);
    }

    private void records(Exchange exchange, String sink, boolean mergeByKey,
                         java.util.function.UnaryOperator<Map<String, Object>> convert) {
        List<Exchange> batch = batch(exchange);
        Map<Object, Integer> positionOfKey = new LinkedHashMap<>();
        List<Map<String, Object>> records = new ArrayList<>();
        List<List<Source>> sources = new ArrayList<>();
        List<String> deadLetters = new ArrayList<>();
        for (Exchange record : batch) {
            Source source = source(record);
            Map<String, Object> value;
            try {
                value = convert.apply(parse(source.value()));
            } catch (IllegalArgumentException e) {
                deadLetters.add(deadLetter(source, e.getMessage(), null, null));
                continue;
            }
            Object key = mergeByKey ? record.getMessage().getHeader(KafkaConstants.KEY) : null;
            if (!mergeByKey && value.get("trigger_id") == null && value.get("triggerId") == null) {
                value.put("trigger_id", source.topic() + ":" + source.partition() + ":" + source.offset());
            }
            Integer position = key == null ? null : positionOfKey.get(key);
            if (position == null) {
                if (key != null) {
                    positionOfKey.put(key, records.size());
                }
                records.add(value);
                sources.add(new ArrayList<>(List.of(source)));
            } else {
                records.get(position).putAll(value); // a later record of the same contact wins, field by field
                sources.get(position).add(source);
            }
        }
        SinkMeters.of(exchange.getContext()).received(sink, batch.size());
        exchange.setProperty(SINK, sink);
        exchange.setProperty(SOURCES, sources);
        exchange.setProperty(SENT, records);
        exchange.setProperty(DEAD_LETTERS, deadLetters);
        exchange.getMessage().setBody(records);
    }

    /**
     * Step 3: the refused items of the Emarsys call as dead letters (JSON texts), added to those of step 1; the body
     * becomes that List, to be sent to the dead-letter topic. Counts the records Emarsys accepted and the dead letters.
     */
    @SuppressWarnings("unchecked")
    public void deadLetters(Exchange exchange, String mapping) {
        SinkMeters meters = SinkMeters.of(exchange.getContext());
        String sink = sink(exchange);
        Integer accepted = exchange.getMessage().getHeader(EmarsysConstants.SUCCEEDED_COUNT, Integer.class);
        if (accepted != null) {
            meters.records(sink, SinkMeters.DELIVERED, accepted);
        }
        List<List<Source>> sources = exchange.getProperty(SOURCES, List.class);
        List<String> deadLetters = new ArrayList<>(exchange.getProperty(DEAD_LETTERS, List.class));
        List<EmarsysFailedItem> failed = exchange.getMessage().getHeader(EmarsysConstants.FAILED_ITEMS, List.class);
        if (failed != null && !failed.isEmpty()) {
            List<Map<String, Object>> sent = sentRecords(exchange);
            for (EmarsysFailedItem item : failed) {
                int position = positionOf(item, sent, mapping);
                List<Source> origin = position < 0 ? List.of() : sources.get(position);
                if (origin.isEmpty()) {
                    LOG.warn("A refused item (replyCode {}) could not be traced to its Kafka record", item.replyCode());
                    deadLetters.add(deadLetter(new Source(null, -1, -1, String.valueOf(item.item())),
                            item.replyText(), item.replyCode(), item.replyText()));
                }
                for (Source source : origin) {
                    deadLetters.add(deadLetter(source, FailureClassifier.reason(item, SinkCalls.ownRefusal(exchange, item)),
                            item.replyCode(), item.replyText()));
                }
            }
        }
        meters.records(sink, SinkMeters.DEAD_LETTERED, deadLetters.size());
        exchange.getMessage().setBody(deadLetters);
    }

    /** Step 4: commits, per partition, the offset after the last record of the batch. */
    public void commit(Exchange exchange) {
        Map<Integer, Exchange> lastOfPartition = new LinkedHashMap<>();
        for (Exchange record : batch(exchange)) {
            lastOfPartition.put(record.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class), record);
        }
        for (Exchange last : lastOfPartition.values()) {
            KafkaManualCommit commit = last.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
            if (commit == null) {
                throw new IllegalStateException("No KafkaManualCommit on the record: the Kafka endpoint needs "
                        + "allowManualCommit=true and autoCommitEnable=false");
            }
            commit.commit();
        }
        long now = System.currentTimeMillis();
        SinkMeters meters = SinkMeters.of(exchange.getContext());
        String sink = sink(exchange);
        for (Exchange record : batch(exchange)) {
            Long timestamp = record.getMessage().getHeader(KafkaConstants.TIMESTAMP, Long.class);
            if (timestamp != null) {
                meters.latency(sink, now - timestamp);
            }
        }
    }

    private static String sink(Exchange exchange) {
        String sink = exchange.getProperty(SINK, String.class);
        if (sink == null) {
            throw new IllegalStateException("No " + SINK + " on the exchange: step 1 (records, optIns, events or "
                    + "messages of KafkaBatchSink) must run first");
        }
        return sink;
    }

    @SuppressWarnings("unchecked")
    private static List<Exchange> batch(Exchange exchange) {
        Object body = exchange.getProperty("CamelEmarsysKafkaBatch");
        if (body == null) {
            body = exchange.getMessage().getBody();
            exchange.setProperty("CamelEmarsysKafkaBatch", body);
        }
        if (!(body instanceof List<?> list)) {
            throw new IllegalStateException("Expected a Kafka batch (the kafka endpoint needs batching=true), got "
                    + (body == null ? "null" : body.getClass().getName()));
        }
        return (List<Exchange>) list;
    }

    /** What step 1 handed to the Emarsys call (kept apart from the body, which the call replaces). */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sentRecords(Exchange exchange) {
        return exchange.getProperty(SENT, List.class);
    }

    /** The sent record a refused item came from: the one that maps to an equal item, else its "#position". */
    private static int positionOf(EmarsysFailedItem item, List<Map<String, Object>> sent, String mapping) {
        for (int i = 0; i < sent.size(); i++) {
            if (FieldMapping.apply(sent.get(i), mapping).equals(item.item())) {
                return i;
            }
        }
        String key = item.key();
        if (key != null && key.matches("#\\d+")) {
            return Integer.parseInt(key.substring(1));
        }
        return -1;
    }

    private static Source source(Exchange record) {
        return new Source(record.getMessage().getHeader(KafkaConstants.TOPIC, String.class),
                record.getMessage().getHeader(KafkaConstants.PARTITION, -1, Integer.class),
                record.getMessage().getHeader(KafkaConstants.OFFSET, -1L, Long.class),
                record.getMessage().getBody(String.class));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("The record is empty; send a JSON object");
        }
        try {
            Object parsed = JSON.readValue(value, Object.class);
            if (parsed instanceof Map<?, ?> map) {
                return new LinkedHashMap<>((Map<String, Object>) map);
            }
            throw new IllegalArgumentException("The record is JSON but not an object; send a JSON object");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("The record is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String deadLetter(Source source, String reason, Integer replyCode, String replyText) {
        Map<String, Object> letter = new LinkedHashMap<>();
        letter.put("record", source.value());
        letter.put("reason", reason);
        if (replyCode != null) {
            letter.put("replyCode", replyCode);
            letter.put("replyText", replyText);
        }
        letter.put("source", source.coordinates());
        letter.put("failedAt", Instant.now().toString());
        try {
            return JSON.writeValueAsString(letter);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
