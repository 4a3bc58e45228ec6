package io.camelemarsys.simulator.http;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The last requests the simulator received: method, path, status, sizes (a streamed reply's size is -1) and auth kind,
 * and for event triggers the trigger ids sent (what a client sent, before the simulator drops repeated ids). It never
 * holds a header, a secret or a body, so it is safe to print.
 */
public final class Journal {

    /**
     * One request. {@code status} 0 is a connection closed before any processing ({@code dropRate});
     * {@code replyDropped} marks a request that was processed (its status is what it would have answered) and whose
     * reply was then dropped ({@code replyDropRate}). {@code wsseCreated} is the Created attribute of the request's
     * X-WSSE header as sent (not a secret: it shows the client's timestamp format), else null. {@code user} is the
     * authenticated API user (WSSE user name or OAuth2 client id), null when authentication failed;
     * {@code claimedUser} the user the request named (the X-WSSE Username, the token request's client id), also when
     * its credentials were refused: with several API users, it tells whose calls were refused.
     */
    public record Entry(String at, String method, String path, String query, int status, int replyCode,
                        long requestBytes, long responseBytes, String auth, String user, long millis,
                        List<String> triggerIds, boolean replyDropped, String wsseCreated,
                        String claimedUser) {
    }

    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long evicted;

    public Journal(int capacity) {
        this.capacity = capacity;
    }

    public synchronized void add(Entry entry) {
        if (entries.size() == capacity) {
            entries.removeFirst();
            evicted++;
        }
        entries.addLast(entry);
    }

    /** The newest {@code limit} entries, oldest first. */
    public synchronized List<Entry> last(int limit) {
        List<Entry> all = new ArrayList<>(entries);
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    /** How many entries were pushed out by newer ones since the last clear: a count over the journal misses them. */
    public synchronized long evicted() {
        return evicted;
    }

    public synchronized void clear() {
        entries.clear();
        evicted = 0;
    }
}
