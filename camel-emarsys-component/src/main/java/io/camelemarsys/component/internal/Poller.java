package io.camelemarsys.component.internal;

import io.camelemarsys.component.EmarsysApiException;

/**
 * Waits for something Emarsys prepares asynchronously (an export, a segment evaluation, a segment run): the first
 * wait is pollInterval, each next one 1.5 times longer up to 30 s, for at most pollTimeout in all.
 */
public final class Poller {

    private static final long MAX_WAIT = 30_000;

    private final String what;
    private final long timeout;
    private final long started = System.nanoTime();
    private long wait;

    public Poller(String what, long interval, long timeout) {
        this.what = what;
        this.wait = Math.max(1, interval);
        this.timeout = timeout;
    }

    /** Sleeps before the next poll; past the timeout an EmarsysApiException says what was not ready. */
    public void pause() throws EmarsysApiException {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        if (elapsed + wait > timeout) {
            throw new EmarsysApiException(what, 0, -1, "not ready after " + elapsed + " ms; raise pollTimeout ("
                    + timeout + " ms) if Emarsys needs longer");
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmarsysApiException(what, 0, -1, "interrupted while waiting", e);
        }
        wait = Math.min(MAX_WAIT, wait * 3 / 2 + 1);
    }

    public long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
