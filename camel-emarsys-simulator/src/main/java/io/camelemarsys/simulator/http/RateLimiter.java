package io.camelemarsys.simulator.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-API-user budget: a fixed window (one minute, as Emarsys) that opens with the user's first request. Emarsys documents
 * 1000 requests per minute and reports the window in {@code X-RateLimit-*} headers.
 */
public final class RateLimiter {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);

    /** The budget after one request: whether it was allowed and the values of the three headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetEpochSecond) {
    }

    private static final class Window {
        Instant start;
        int used;
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Supplier<Instant> clock;
    private volatile int perMinute;
    private volatile Duration window;

    public RateLimiter(int perMinute, Duration window, Supplier<Instant> clock) {
        this.perMinute = perMinute;
        this.window = window;
        this.clock = clock;
    }

    /** The window length; Emarsys' is one minute, tests shorten it so that a spent budget comes back quickly. */
    public void window(Duration window) {
        this.window = window;
    }

    public Duration window() {
        return window;
    }

    /** Requests per window (named per minute after Emarsys' window); 0 turns the limit off. */
    public void perMinute(int perMinute) {
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }

    public Decision acquire(String user) {
        int limit = perMinute;
        Duration length = this.window;
        Instant now = clock.get();
        Window window = windows.computeIfAbsent(user, u -> new Window());
        synchronized (window) {
            if (window.start == null || !now.isBefore(window.start.plus(length))) {
                window.start = now;
                window.used = 0;
            }
            // rounded up: a client that waits until the reset second never arrives before the window ends
            Instant end = window.start.plus(length);
            long reset = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
            if (limit <= 0) {
                return new Decision(true, Integer.MAX_VALUE, Integer.MAX_VALUE, reset);
            }
            if (window.used >= limit) {
                return new Decision(false, limit, 0, reset);
            }
            window.used++;
            return new Decision(true, limit, limit - window.used, reset);
        }
    }

    public void reset() {
        windows.clear();
    }
}
