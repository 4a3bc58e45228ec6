package io.camelemarsys.component;

/** HTTP 401 / 403: the credentials are wrong, expired, or lack the permission for this endpoint. */
public class EmarsysAuthenticationException extends EmarsysApiException {

    public EmarsysAuthenticationException(String operation, int httpStatus, int replyCode, String replyText) {
        super(operation, httpStatus, replyCode, replyText);
    }
}
