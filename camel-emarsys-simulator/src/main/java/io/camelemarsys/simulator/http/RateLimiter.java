package io.camelemarsys.simulator.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The per-API-user budget: a fixed one-minute window that opens with the user's first request. Emarsys documents
 * 1000 requests per minute and reports the window in {@code X-RateLimit-*} headers.
 */
public final class RateLimiter {

    public static final Duration WINDOW = Duration.ofMinutes(1);

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

    public RateLimiter(int perMinute, Supplier<Instant> clock) {
        this.perMinute = perMinute;
        this.clock = clock;
    }

    /** 0 turns the limit off; headers still report a budget of {@code Integer.MAX_VALUE}. */
    public void perMinute(int perMinute) {
        this.perMinute = perMinute;
    }

    public int perMinute() {
        return perMinute;
    }

    public Decision acquire(String user) {
        int limit = perMinute;
        Instant now = clock.get();
        Window window = windows.computeIfAbsent(user, u -> new Window());
        synchronized (window) {
            if (window.start == null || !now.isBefore(window.start.plus(WINDOW))) {
                window.start = now;
                window.used = 0;
            }
            long reset = window.start.plus(WINDOW).getEpochSecond();
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
