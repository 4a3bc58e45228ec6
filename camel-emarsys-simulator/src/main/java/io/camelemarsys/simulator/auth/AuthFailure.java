package io.camelemarsys.simulator.auth;

import io.camelemarsys.simulator.http.ApiError;

/**
 * HTTP 401, replyCode 1, with the text Emarsys sends, plus the precise reason for the simulator's
 * {@code X-Simulator-Reason} header (Emarsys itself does not say why; the simulator helps you find out).
 */
public final class AuthFailure extends ApiError {

    public static final String INVALID_CREDENTIALS = "Credentials are invalid";
    public static final String INVALID_TIME_FRAME = "Unauthorized Time frame is invalid";
    public static final String NONCE_USED = "Unauthorized Nonce has already been used";

    private final String reason;

    public AuthFailure(String replyText, String reason) {
        super(401, 1, replyText);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
