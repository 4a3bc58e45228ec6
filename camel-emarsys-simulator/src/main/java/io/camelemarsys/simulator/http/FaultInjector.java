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
        // drop, error and dropped reply exclude each other, and each is its share of all requests: the error is drawn
        // among the requests not dropped with errorRate / (1 - dropRate) (one draw each with the plain rates let a
        // drop hide an error: 10% errors and 40% drops gave 6.6% errors). The draws keep their order (drop, error,
        // latency), so a seed gives the sequence it always gave when only one of drop and error is set; the dropped
        // reply draws a fourth number only when it is on.
        boolean drop = random.nextDouble() < faults.dropRate();
        boolean error = random.nextDouble() < share(faults.errorRate(), faults.dropRate());
        boolean slow = random.nextDouble() < faults.latencyRate();
        boolean dropReply = faults.replyDropRate() > 0
                && random.nextDouble() < share(faults.replyDropRate(), faults.dropRate() + faults.errorRate());
        long delay = slow ? faults.latencyMillis() : 0;
        if (drop) {
            return new Decision(true, 0, delay, false);
        }
        if (error) {
            int status = SERVER_ERRORS[serverErrorTurn++ % SERVER_ERRORS.length];
            return new Decision(false, status, delay, false);
        }
        return new Decision(false, 0, delay, dropReply);
    }

    /** The chance to draw among the requests that the shares {@code taken} left, so that {@code rate} is of all. */
    private static double share(double rate, double taken) {
        return taken >= 1 ? 0 : rate / (1 - taken);
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
