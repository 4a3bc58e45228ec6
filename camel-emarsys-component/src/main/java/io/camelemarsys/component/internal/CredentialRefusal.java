package io.camelemarsys.component.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysAuthenticationException;

/**
 * Whether Emarsys refuses the credentials of one API user, shared by every endpoint with those credentials. After a
 * definite refusal, calls are not sent: they wait for the next probe, which one call sends when a delay has passed
 * (growing by doubling up to a cap), and fail with the refusal when that probe is refused too. A success of any call
 * clears the refusal. Logs one WARN line per refused probe: the cause, never a credential.
 */
public final class CredentialRefusal {

    private static final Logger LOG = LoggerFactory.getLogger(CredentialRefusal.class);

    /** What Emarsys answered, when, and when the next call may try again. */
    public record State(String operation, int httpStatus, int replyCode, String replyText, Instant since,
                        Instant nextTry) {
    }

    private final String apiUser;
    private final Clock clock;
    private State state;
    private Duration delay = Duration.ZERO;
    private boolean probing;
    /** Counts refused probes, so that a waiting call knows the probe it waited for has been answered. */
    private long refusedProbes;

    /** @param apiUser how logs and health name the API user: its auth mode, a masked name and the host */
    public CredentialRefusal(String apiUser, Clock clock) {
        this.apiUser = apiUser;
        this.clock = clock;
    }

    /**
     * Lets a call be sent: at once while the credentials are not refused; otherwise after waiting for the next
     * probe, which is this call when its turn has come (true: the caller must then call {@link #probeDone()}).
     * Throws the refusal when the probe this call waited for was refused, or when {@code maxWaitMillis} passed.
     */
    public synchronized boolean admit(String operation, long maxWaitMillis) throws EmarsysAuthenticationException {
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        long probesSeen = refusedProbes;
        while (state != null) {
            if (refusedProbes != probesSeen) {
                throw refused(operation);
            }
            Instant now = Instant.now(clock);
            if (!probing && !now.isBefore(state.nextTry())) {
                probing = true;
                return true;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                throw refused(operation);
            }
            long untilTry = probing ? left : Math.max(1, Duration.between(now, state.nextTry()).toMillis());
            try {
                wait(Math.min(left, untilTry));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw refused(operation);
            }
        }
        return false;
    }

    /** The probe ended without an answer about the credentials (an I/O error, a 5xx): the next call probes. */
    public synchronized void probeDone() {
        probing = false;
        notifyAll();
    }

    /**
     * Emarsys definitely refused the credentials. Starts a refusal with the initial delay, or, when this call was
     * the probe, doubles the delay up to the cap. A call that was already in flight when the refusal began changes
     * nothing.
     */
    public synchronized void refused(EmarsysAuthenticationException e, boolean probe, long initialDelayMillis,
                                     long maxDelayMillis) {
        Instant now = Instant.now(clock);
        if (state != null && !probe) {
            return;
        }
        Instant since = state == null ? now : state.since();
        delay = state == null ? Duration.ofMillis(initialDelayMillis)
                : Duration.ofMillis(Math.min(maxDelayMillis, Math.max(1, delay.toMillis()) * 2));
        state = new State(e.getOperation(), e.getHttpResponseCode(), e.getReplyCode(), e.getReplyText(), since,
                now.plus(delay));
        if (probe) {
            refusedProbes++;
        }
        notifyAll();
        LOG.warn("{}; calls of this API user are not sent until then", describe(state, now));
    }

    /** Emarsys accepted the credentials (any reply past authentication): calls flow again. */
    public synchronized void accepted() {
        if (state == null) {
            return;
        }
        LOG.info("Emarsys accepts the credentials of {} again, after refusing them since {}", apiUser,
                state.since());
        state = null;
        delay = Duration.ZERO;
        notifyAll();
    }

    /** The current refusal, or null when the credentials are not known to be refused. */
    public synchronized State state() {
        return state;
    }

    /** The current refusal in one line, for logs, health and exceptions; null when there is none. */
    public synchronized String describe() {
        return state == null ? null : describe(state, Instant.now(clock));
    }

    private String describe(State s, Instant now) {
        long millis = Duration.between(now, s.nextTry()).toMillis();
        return "Emarsys refused the credentials of " + apiUser + " (" + s.operation() + ": HTTP " + s.httpStatus()
                + ", replyCode " + s.replyCode() + ", " + s.replyText() + ") since " + s.since() + "; next try "
                + (millis > 0 ? "in " + (millis + 999) / 1000 + " s" : "with the next call");
    }

    private EmarsysAuthenticationException refused(String operation) {
        return new EmarsysAuthenticationException(operation, state.httpStatus(), state.replyCode(),
                "not sent: " + describe(state, Instant.now(clock)));
    }
}
