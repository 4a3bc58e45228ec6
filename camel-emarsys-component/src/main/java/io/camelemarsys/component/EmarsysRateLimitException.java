package io.camelemarsys.component;

/** HTTP 429 / replyCode 7003 and the budget did not come back within rateLimitMaxWait. */
public class EmarsysRateLimitException extends EmarsysApiException {

    private final long retryAfterMillis;

    public EmarsysRateLimitException(String operation, int replyCode, String replyText, long retryAfterMillis) {
        super(operation, 429, replyCode, replyText);
        this.retryAfterMillis = retryAfterMillis;
    }

    /** How long until the API user's budget resets, in milliseconds. */
    public long getRetryAfterMillis() {
        return retryAfterMillis;
    }
}
