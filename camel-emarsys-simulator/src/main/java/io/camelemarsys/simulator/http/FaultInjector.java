package io.camelemarsys.simulator.http;

import java.util.Random;

/** Draws the fault for each API request from the current {@link Faults}, deterministically for a given seed. */
public final class FaultInjector {

    /**
     * What happens to one request: dropped before it reaches authentication, answered with a server error, or
     * processed and its reply dropped ({@code dropReply}).
     */
    public record Decision(boolean drop, int serverError, long delayMillis, boolean dropReply) {
        static final Decision NONE = new Decision(false, 0, 0, false);
    }

    private static final int[] SERVER_ERRORS = {500, 502, 503};

    private Faults faults = Faults.NONE;
    private Random random = new Random(Faults.NONE.seed());
    private int burstLeft;
    private int serverErrorTurn;

    public synchronized void set(Faults faults) {
        this.faults = faults;
        this.random = new Random(faults.seed());
        this.burstLeft = faults.rateLimitBurst();
        this.serverErrorTurn = 0;
    }

    public synchronized Faults current() {
        return new Faults(faults.errorRate(), faults.latencyRate(), faults.latencyMillis(), faults.dropRate(),
                burstLeft, faults.clockOffsetSeconds(), faults.seed(), faults.replyDropRate(), faults.bareRateLimit(),
                faults.refuseCredentials());
    }

    public synchronized boolean bareRateLimit() {
        return faults.bareRateLimit();
    }

    public synchronized boolean refuseCredentials() {
        return faults.refuseCredentials();
    }

    public synchronized long clockOffsetSeconds() {
        return faults.clockOffsetSeconds();
    }

    public synchronized Decision next() {
        if (faults.equals(Faults.NONE) && burstLeft == 0) {
            return Decision.NONE;
        }
        // one draw for the faults that exclude each other, each a slice of [0, 1): every share is its share of all
        // requests (independent draws would let a drop hide an error: 10% errors and 30% drops gave 7% errors);
        // then one draw for latency, which adds to any of them
        double outcome = random.nextDouble();
        boolean slow = random.nextDouble() < faults.latencyRate();
        long delay = slow ? faults.latencyMillis() : 0;
        if (outcome < faults.dropRate()) {
            return new Decision(true, 0, delay, false);
        }
        if (outcome < faults.dropRate() + faults.errorRate()) {
            int status = SERVER_ERRORS[serverErrorTurn++ % SERVER_ERRORS.length];
            return new Decision(false, status, delay, false);
        }
        boolean dropReply = outcome < faults.dropRate() + faults.errorRate() + faults.replyDropRate();
        return new Decision(false, 0, delay, dropReply);
    }

    /**
     * Spends one call of a forced 429 burst. Called only for an authenticated API request at the rate budget, so the
     * token endpoint and requests refused earlier (401, injected errors, drops) leave the burst alone.
     */
    public synchronized boolean takeBurst() {
        if (burstLeft == 0) {
            return false;
        }
        burstLeft--;
        return true;
    }
}
