package io.camelemarsys.component.internal;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The request budget of one API user, shared by every endpoint with the same credentials and fed by the
 * {@code X-RateLimit-*} headers of every reply: when the budget is spent (or a 429 arrived), calls wait until the
 * window resets, plus a little jitter so that waiting threads do not all fire in the same millisecond. A 429 that
 * names no reset ({@code X-RateLimit-Reset} or {@code Retry-After}) is waited out by a backoff from one second up.
 */
public final class RateBudget {

    private static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final long MAX_JITTER_MILLIS = 250;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final Clock clock;
    private long remaining = Long.MAX_VALUE;
    private Instant resetAt = Instant.MIN;
    private long waits;
    /** The wait after the next 429 without a reset; doubles per such 429, back to one second after any other reply. */
    private Duration backoff = FIRST_BACKOFF;
    private Instant backoffUntil = Instant.MIN;

    public RateBudget(Clock clock) {
        this.clock = clock;
    }

    /** How long a call must wait before it may be sent; 0 when the budget has requests left. */
    public synchronized Duration waitTime() {
        if (tryAcquire()) {
            return Duration.ZERO;
        }
        waits++;
        return Duration.between(Instant.now(clock), resetAt)
                .plusMillis(ThreadLocalRandom.current().nextLong(MAX_JITTER_MILLIS));
    }

    /** Reserves one request when the budget has one left (or its window has reset); false, without waiting, if not. */
    public synchronized boolean tryAcquire() {
        Instant now = Instant.now(clock);
        if (remaining > 0 || !now.isBefore(resetAt)) {
            if (!now.isBefore(resetAt) && remaining <= 0) {
                remaining = Long.MAX_VALUE; // a new window: the next reply tells the real figure
            }
            if (remaining != Long.MAX_VALUE) {
                remaining--; // reserve one, so concurrent callers do not overdraw the last requests
            }
            return true;
        }
        return false;
    }

    /** When a spent budget resets (in the past when it is not spent). */
    public synchronized Instant resetAt() {
        return resetAt;
    }

    /** The requests left as the last reply told them, less those reserved since; -1 before any reply told it. */
    public synchronized long remaining() {
        return remaining == Long.MAX_VALUE ? -1 : Math.max(0, remaining);
    }

    /** Learns the budget from a reply's headers (names matched case-insensitively). */
    public synchronized void update(HttpHeaders headers) {
        OptionalLong left = number(headers, "X-Ratelimit-Remaining");
        OptionalLong reset = number(headers, "X-RateLimit-Reset");
        if (left.isPresent()) {
            remaining = left.getAsLong();
        }
        if (reset.isPresent()) {
            // X-RateLimit-Reset is a second on the server's clock: measure it from the reply's Date header, so
            // that a client clock ahead or behind the server's neither waits too long nor sends too early
            Instant serverReset = Instant.ofEpochSecond(reset.getAsLong());
            Instant serverNow = ServerDate.of(headers);
            resetAt = serverNow == null ? serverReset
                    : Instant.now(clock).plus(Duration.between(serverNow, serverReset));
        }
    }


    /**
     * A 429: nothing left until the reset the reply names ({@code X-RateLimit-Reset}, else {@code Retry-After}).
     * When it names none, a wait from one second up, doubling per 429 up to the one-minute window: a gateway's bare
     * 429 must not stop every flow of the API user for a minute.
     */
    public synchronized void exhausted(HttpHeaders headers) {
        Instant now = Instant.now(clock);
        boolean named = headers.firstValue("X-RateLimit-Reset").isPresent();
        update(headers);
        remaining = 0;
        if (named && resetAt.isAfter(now)) {
            return;
        }
        OptionalLong retryAfter = number(headers, "Retry-After");
        if (retryAfter.isPresent()) {
            resetAt = now.plusSeconds(retryAfter.getAsLong());
            return;
        }
        if (!backoffUntil.isAfter(now)) {
            backoffUntil = now.plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(DEFAULT_WINDOW) > 0 ? DEFAULT_WINDOW : backoff.multipliedBy(2);
        } // else a call sent before the current backoff began: the backoff stands, it does not grow per thread
        resetAt = backoffUntil;
    }

    /** A reply that was not a 429: the next bare 429 is waited out from one second again. */
    public synchronized void answered() {
        backoff = FIRST_BACKOFF;
    }

    /** How often a call had to wait for the budget (the app's "429 waits" figure). */
    public synchronized long waits() {
        return waits;
    }

    private static OptionalLong number(HttpHeaders headers, String name) {
        return headers.firstValue(name).map(String::trim).filter(v -> v.matches("\\d+"))
                .map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }
}
