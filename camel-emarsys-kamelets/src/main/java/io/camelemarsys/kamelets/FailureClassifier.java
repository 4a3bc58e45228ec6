package io.camelemarsys.kamelets;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.EmarsysConfigurationException;
import io.camelemarsys.component.EmarsysFailedItem;

/**
 * Tells, for every Kafka sink, what a failed Emarsys call says about the records it carried:
 * <ul>
 * <li>{@link #holdsBatch}: Emarsys or the connection is at fault (I/O, 5xx, 401, 403, 408, 423, 429, a reply that
 * is not Emarsys', a wrong option): the batch stays uncommitted and Kafka delivers it again;</li>
 * <li>otherwise the records are at fault (a 4xx about the request's content, a value the component refuses before
 * sending): they are dead-lettered with the reply, and the batch goes on;</li>
 * <li>{@link #sharedByCall}: the refusal names what every record of the call shares (the event, the list), so all
 * of them are guilty; any other content refusal of a multi-record call is narrowed down to the guilty records.</li>
 * </ul>
 */
public final class FailureClassifier {

    /** Statuses that say nothing about the request's content: auth, timeout, locked, rate limit. */
    private static final Set<Integer> SERVICE_STATUSES = Set.of(401, 403, 407, 408, 423, 429);
    /** Invalid or unknown external event (5001, 5004), nothing triggered by it (5005), invalid or unknown list. */
    private static final Set<Integer> SHARED_TARGET_CODES = Set.of(5001, 5004, 5005, 3004, 3006);

    private FailureClassifier() {
    }

    /** True when the failure is Emarsys' or the connection's: hold the batch for redelivery. */
    public static boolean holdsBatch(Throwable failure) {
        EmarsysApiException api = find(failure, EmarsysApiException.class);
        if (api != null) {
            int status = api.getHttpResponseCode();
            // status 0 is an I/O error; replyCode -1 a reply that is not Emarsys' (a proxy, a wrong base URL)
            return status == 0 || status >= 500 || SERVICE_STATUSES.contains(status) || api.getReplyCode() < 0;
        }
        IllegalArgumentException input = find(failure, IllegalArgumentException.class);
        return input == null || input instanceof EmarsysConfigurationException;
    }

    /**
     * True when a content refusal is about what all records of the call share: every one of them is guilty. An
     * input error the component raises for a whole call is about the call (an event or list name it cannot resolve):
     * the sinks send well-formed items, and the component refuses a bad item alone, as a failed item.
     */
    public static boolean sharedByCall(Throwable failure) {
        EmarsysApiException api = find(failure, EmarsysApiException.class);
        return api == null || SHARED_TARGET_CODES.contains(api.getReplyCode());
    }

    /**
     * The sinks' first step in a doCatch: a failure that is Emarsys' or the connection's is thrown again, as it was,
     * so that it fails the exchange and holds the batch; a refusal of the records' content returns and is theirs.
     * (A doCatch onWhen cannot decide this: a bean predicate sees a copy of the exchange without its exception.)
     */
    public static void rethrowOutage(Exception failure) throws Exception {
        if (failure == null || holdsBatch(failure)) {
            throw failure != null ? failure : new IllegalStateException("doCatch without a caught exception");
        }
    }

    /**
     * True when a content refusal of a call refuses every one of its records: the call held one record, or the
     * refusal names what they share. Otherwise the sinks send the records again one by one to find the guilty ones.
     */
    public static boolean refusesEveryRecord(Throwable failure, List<?> records) {
        return records == null || records.size() <= 1 || sharedByCall(failure);
    }

    /** Every record of a refused call as a refused item; {@code keyName} names the record's key entry. */
    public static List<EmarsysFailedItem> refusals(Throwable failure, List<Map<String, Object>> records,
                                                   String keyName) {
        List<EmarsysFailedItem> refused = new ArrayList<>();
        records.forEach(record -> refused.add(refusal(failure, String.valueOf(record.get(keyName)), record)));
        return refused;
    }

    /** A record refused by a failed call, with the call's reply code (-1 when refused before sending) and text. */
    public static EmarsysFailedItem refusal(Throwable failure, String key, Object record) {
        EmarsysApiException api = find(failure, EmarsysApiException.class);
        if (api != null) {
            return new EmarsysFailedItem(key, api.getReplyCode(), api.getReplyText(), record);
        }
        IllegalArgumentException input = find(failure, IllegalArgumentException.class);
        return new EmarsysFailedItem(key, -1, input != null ? input.getMessage() : String.valueOf(failure), record);
    }

    /** The dead letter's reason for a refused record. */
    public static String reason(EmarsysFailedItem item) {
        return reason(item, false);
    }

    /**
     * The dead letter's reason for a refused record, saying who refused it: the sink itself (its own rules, nothing
     * sent), the component before sending (replyCode -1), or Emarsys (its reply code).
     */
    public static String reason(EmarsysFailedItem item, boolean refusedBySink) {
        if (refusedBySink) {
            return "The sink refused the record itself; it was not sent to Emarsys";
        }
        return item.replyCode() < 0 ? "The record cannot be sent to Emarsys as it is; the component refused it "
                + "before sending" : "Emarsys refused the record (replyCode " + item.replyCode() + ")";
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
