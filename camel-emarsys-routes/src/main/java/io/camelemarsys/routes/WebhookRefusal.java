package io.camelemarsys.routes;

/**
 * A webhook request refused for a reason of its own (authentication, size, type, JSON, event id): thrown by the
 * checks so that the route's idempotent consumers forget what they remembered for it, answered with its status and
 * an RFC 7807 problem body. No stack trace: it is an answer, not a fault.
 */
public final class WebhookRefusal extends RuntimeException {

    private final int status;
    private final String title;

    public WebhookRefusal(int status, String title, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
