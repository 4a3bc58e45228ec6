package io.camelemarsys.simulator.http;

/**
 * Fault injection settings. Every share is a probability between 0 and 1 drawn from one seeded random, so a test
 * that sends the same requests in the same order sees the same faults.
 *
 * @param errorRate          share of API requests answered with a server error (500, 502 or 503 in turn)
 * @param latencyRate        share of API requests delayed by {@code latencyMillis}
 * @param latencyMillis      added latency, in milliseconds
 * @param dropRate           share of API requests whose connection is closed without any reply
 * @param rateLimitBurst     the next N API requests are answered 429 / 7003, whatever the budget
 * @param clockOffsetSeconds server clock offset: moves the Date header, the WSSE time check and token expiry
 * @param seed               seed of the random that draws the faults
 * @param replyDropRate      share of API requests that are processed (a write is done) and whose connection is then
 *                           closed without the reply: the client cannot tell it from a lost request and sends again
 *                           (the case that makes duplicates in real life)
 * @param bareRateLimit      the 429s of a burst carry no {@code X-RateLimit-*} headers, as from a gateway
 * @param refuseCredentials  every API and token request is refused with 401, as if the credentials were wrong
 * <p>
 * {@code dropRate}, {@code errorRate} and {@code replyDropRate} are shares of all API requests, whatever their batch
 * size, and exclude each other (one request meets at most one of them), so their sum is at most 1.
 */
public record Faults(double errorRate, double latencyRate, long latencyMillis, double dropRate, int rateLimitBurst,
                     long clockOffsetSeconds, long seed, double replyDropRate, boolean bareRateLimit,
                     boolean refuseCredentials) {

    public static final Faults NONE = new Faults(0, 0, 0, 0, 0, 0, 42);

    public Faults(double errorRate, double latencyRate, long latencyMillis, double dropRate, int rateLimitBurst,
                  long clockOffsetSeconds, long seed) {
        this(errorRate, latencyRate, latencyMillis, dropRate, rateLimitBurst, clockOffsetSeconds, seed, 0, false, false);
    }

    /** Faults with dropped replies. */
    public Faults(double errorRate, double latencyRate, long latencyMillis, double dropRate, int rateLimitBurst,
                  long clockOffsetSeconds, long seed, double replyDropRate) {
        this(errorRate, latencyRate, latencyMillis, dropRate, rateLimitBurst, clockOffsetSeconds, seed, replyDropRate,
                false, false);
    }

    /** Faults with bare 429s or refused credentials. */
    public Faults(double errorRate, double latencyRate, long latencyMillis, double dropRate, int rateLimitBurst,
                  long clockOffsetSeconds, long seed, boolean bareRateLimit, boolean refuseCredentials) {
        this(errorRate, latencyRate, latencyMillis, dropRate, rateLimitBurst, clockOffsetSeconds, seed, 0,
                bareRateLimit, refuseCredentials);
    }

    public Faults {
        requireShare("errorRate", errorRate);
        requireShare("latencyRate", latencyRate);
        requireShare("dropRate", dropRate);
        requireShare("replyDropRate", replyDropRate);
        if (dropRate + errorRate + replyDropRate > 1 + 1e-9) {
            throw new IllegalArgumentException("dropRate + errorRate + replyDropRate must be at most 1 (one request "
                    + "meets one of them at most), was " + dropRate + " + " + errorRate + " + " + replyDropRate);
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must be >= 0, was " + latencyMillis);
        }
        if (rateLimitBurst < 0) {
            throw new IllegalArgumentException("rateLimitBurst must be >= 0, was " + rateLimitBurst);
        }
    }

    private static void requireShare(String name, double value) {
        if (value < 0 || value > 1 || Double.isNaN(value)) {
            throw new IllegalArgumentException(name + " must be a share between 0 and 1, was " + value);
        }
    }
}
