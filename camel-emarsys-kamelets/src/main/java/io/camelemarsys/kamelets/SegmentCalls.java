package io.camelemarsys.kamelets;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelemarsys.component.EmarsysFailedItem;

/**
 * What the emarsys-segment-events-sink Kamelet's steps ask about its messages and {@link SegmentCall}s: data in,
 * data out, nothing sent. One stateless instance serves every exchange.
 */
public final class SegmentCalls {

    /** The body as a list of Segment messages: a JSON array of objects, or one object. */
    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> messages(Object body) {
        List<?> given = body instanceof List<?> list ? list : body instanceof Map<?, ?> ? List.of(body) : null;
        if (given == null) {
            throw new IllegalArgumentException("The Segment events sink takes a JSON object or an array of objects, not "
                    + (body == null ? "an empty body" : body.getClass().getName()));
        }
        for (int i = 0; i < given.size(); i++) {
            if (!(given.get(i) instanceof Map)) {
                throw new IllegalArgumentException("Segment message #" + i + " is not a JSON object but "
                        + (given.get(i) == null ? "null" : given.get(i).getClass().getSimpleName())
                        + "; send objects such as {\"type\":\"track\", ...}");
            }
        }
        return (List<Map<String, Object>>) given;
    }

    /** The refusals the sink made itself (an identity set), so that their dead letters do not blame Emarsys. */
    public Set<EmarsysFailedItem> ownRefusals(List<SegmentCall> calls) {
        Set<EmarsysFailedItem> own = Collections.newSetFromMap(new IdentityHashMap<>());
        calls.stream().filter(c -> SegmentCall.REFUSED.equals(c.kind())).forEach(c -> own.addAll(c.refusals()));
        return own;
    }

    /** The items the endpoint refused one by one, traced back to the messages that made them. */
    public List<EmarsysFailedItem> traced(SegmentCall call, List<EmarsysFailedItem> refused) {
        return call.traced(refused);
    }

    /**
     * True when a call refused as a whole is worth sending again item by item to find the guilty message: more than
     * one item, and a refusal that is not about what they all share (the event, the list).
     */
    public boolean narrows(SegmentCall call, Throwable failure) {
        return call.items().size() > 1 && !FailureClassifier.sharedByCall(failure);
    }

    /** The call's items one per call, to find which one a whole-call refusal is about. */
    public List<SegmentCall> singles(SegmentCall call) {
        return call.singles();
    }

    /** Every message of a call refused as a whole, with the refusal's reply code and text. */
    public List<EmarsysFailedItem> refused(SegmentCall call, Throwable failure) {
        EmarsysFailedItem refusal = FailureClassifier.refusal(failure, null, null);
        return call.refusedAll(refusal.replyCode(), refusal.replyText());
    }

    /** How many messages went through: those that no failed item names. */
    public int succeeded(List<Map<String, Object>> messages, Collection<EmarsysFailedItem> failed) {
        Map<Object, Boolean> refused = new IdentityHashMap<>();
        if (failed != null) {
            failed.forEach(item -> refused.put(item.item(), true));
        }
        return (int) messages.stream().filter(m -> !refused.containsKey(m)).count();
    }
}
