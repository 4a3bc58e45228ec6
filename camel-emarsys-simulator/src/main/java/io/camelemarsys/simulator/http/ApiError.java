package io.camelemarsys.simulator.http;

/**
 * An Emarsys error reply: the HTTP status plus the {@code replyCode} / {@code replyText} of the envelope. Handlers throw
 * it; the dispatcher turns it into {@code {"replyCode":..,"replyText":..,"data":""}}.
 */
public class ApiError extends RuntimeException {

    private final int status;
    private final int replyCode;

    public ApiError(int status, int replyCode, String replyText) {
        super(replyText, null, false, false);
        this.status = status;
        this.replyCode = replyCode;
    }

    public int status() {
        return status;
    }

    public int replyCode() {
        return replyCode;
    }

    public String replyText() {
        return getMessage();
    }

    public static ApiError badRequest(int replyCode, String replyText) {
        return new ApiError(400, replyCode, replyText);
    }

    public static ApiError notFound(int replyCode, String replyText) {
        return new ApiError(404, replyCode, replyText);
    }
}
