package io.camelemarsys.component;

import org.apache.camel.CamelException;
import org.apache.camel.spi.HttpResponseAware;

/**
 * Emarsys refused a call: the HTTP status, the replyCode and the replyText of its reply. The message never holds a
 * credential or contact data.
 */
public class EmarsysApiException extends CamelException implements HttpResponseAware {

    private int httpStatus;
    private String httpStatusText;
    private final int replyCode;
    private final String replyText;
    private final String operation;

    public EmarsysApiException(String operation, int httpStatus, int replyCode, String replyText) {
        this(operation, httpStatus, replyCode, replyText, null);
    }

    public EmarsysApiException(String operation, int httpStatus, int replyCode, String replyText, Throwable cause) {
        super(operation + " failed: HTTP " + httpStatus + ", replyCode " + replyCode + ": " + redacted(replyText), cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.replyCode = replyCode;
        this.replyText = replyText;
    }

    /**
     * The reply text without the key values Emarsys echoes ("No contact found with the external id: 3 -
     * ann@example.com"): the message goes to logs; {@link #getReplyText()} keeps the full text.
     */
    static String redacted(String replyText) {
        if (replyText == null) {
            return null;
        }
        return replyText.replaceAll("(?i)(external id: \\S+ - ).*", "$1<key value>")
                .replaceAll("[^\\s'\"@]+@[^\\s'\"@]+", "<e-mail>");
    }

    /** The request, as method and path (for example "PUT /api/v2/contact"). */
    public String getOperation() {
        return operation;
    }

    public int getReplyCode() {
        return replyCode;
    }

    public String getReplyText() {
        return replyText;
    }

    @Override
    public int getHttpResponseCode() {
        return httpStatus;
    }

    @Override
    public void setHttpResponseCode(int code) {
        this.httpStatus = code;
    }

    @Override
    public String getHttpResponseStatus() {
        return httpStatusText;
    }

    @Override
    public void setHttpResponseStatus(String status) {
        this.httpStatusText = status;
    }
}
