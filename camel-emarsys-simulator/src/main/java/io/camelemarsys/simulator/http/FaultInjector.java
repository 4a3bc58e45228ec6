package io.camelemarsys.simulator.http;

import java.util.Random;

/** Draws the fault for each API request from the current {@link Faults}, deterministically for a given seed. */
public final class FaultInjector {

    /** What happens to one request before it reaches authentication. */
    public record Decision(boolean drop, int serverError, long delayMillis) {
        static final Decision NONE = new Decision(false, 0, 0);
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
                burstLeft, faults.clockOffsetSeconds(), faults.seed(), faults.bareRateLimit(),
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
        // always draw all three so that one share does not shift the sequence of another
        boolean drop = random.nextDouble() < faults.dropRate();
        boolean error = random.nextDouble() < faults.errorRate();
        boolean slow = random.nextDouble() < faults.latencyRate();
        long delay = slow ? faults.latencyMillis() : 0;
        if (drop) {
            return new Decision(true, 0, delay);
        }
        if (error) {
            int status = SERVER_ERRORS[serverErrorTurn++ % SERVER_ERRORS.length];
            return new Decision(false, status, delay);
        }
        return new Decision(false, 0, delay);
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
