package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * Sends a group of records in one Emarsys call and, when Emarsys refuses the call as a whole for its content, finds
 * the guilty records instead of refusing them all: a refusal of what the group shares (its event, its list) refuses
 * every record; any other is narrowed down by sending each half again, down to single records, so that k poison
 * records among n cost about 2k·log2(n) calls and the innocent ones are delivered. A failure that is Emarsys' or the
 * connection's ({@link FailureClassifier#holdsBatch}) is thrown, to hold the Kafka batch.
 */
public final class PoisonIsolation {

    /** One Emarsys call for a group of records; returns the records Emarsys refused one by one. */
    @FunctionalInterface
    public interface Call<T> {
        List<EmarsysFailedItem> send(List<T> records) throws Exception;
    }

    private PoisonIsolation() {
    }

    /**
     * The refused records of the group; {@code keyOf} names a record in its refusal, {@code what} names the call in
     * the exception that holds the batch.
     */
    public static <T> List<EmarsysFailedItem> send(List<T> records, Call<T> call, Function<T, String> keyOf, String what) {
        try {
            return new ArrayList<>(call.send(records));
        } catch (Exception e) {
            if (FailureClassifier.holdsBatch(e)) {
                throw new IllegalStateException(what + " failed; the batch is delivered again: " + e.getMessage(), e);
            }
            List<EmarsysFailedItem> refused = new ArrayList<>();
            if (records.size() == 1 || FailureClassifier.sharedByCall(e)) {
                records.forEach(record -> refused.add(FailureClassifier.refusal(e, keyOf.apply(record), record)));
                return refused;
            }
            int half = records.size() / 2;
            refused.addAll(send(records.subList(0, half), call, keyOf, what));
            refused.addAll(send(records.subList(half, records.size()), call, keyOf, what));
            return refused;
        }
    }
}
