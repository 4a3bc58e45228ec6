package io.camelemarsys.simulator.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** What a handler answers: a status, a content type, extra headers and a body written straight to the socket. */
public final class Response {

    /** The Content-Type of Emarsys envelopes, as recorded from the real API. */
    public static final String ENVELOPE_CONTENT_TYPE = "text/html; charset=utf-8";

    /** Writes a body; streaming bodies (CSV exports) write row by row and never build the whole file in memory. */
    @FunctionalInterface
    public interface BodyWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final ObjectMapper JSON = Json.MAPPER;

    private final int status;
    private final String contentType;
    private final BodyWriter body;
    private final int replyCode;
    private final boolean streaming;
    private final Map<String, String> headers = new LinkedHashMap<>();

    private Response(int status, String contentType, BodyWriter body, int replyCode, boolean streaming) {
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.replyCode = replyCode;
        this.streaming = streaming;
    }

    /** {@code {"replyCode":0,"replyText":"OK","data":data}} with HTTP 200. */
    public static Response ok(Object data) {
        return envelope(200, 0, "OK", data);
    }

    public static Response envelope(int status, int replyCode, String replyText, Object data) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("replyCode", replyCode);
        envelope.put("replyText", replyText);
        envelope.put("data", data == null ? "" : data);
        byte[] bytes = bytes(envelope);
        // the real API labels its JSON replies text/html (recorded in emarsys-rb's specs); clients must not rely on it
        return new Response(status, ENVELOPE_CONTENT_TYPE, out -> out.write(bytes), replyCode, false)
                .withLength(bytes.length);
    }

    public static Response error(ApiError error) {
        return envelope(error.status(), error.replyCode(), error.replyText(), "");
    }

    /** Plain JSON without the Emarsys envelope: the OAuth2 token endpoint and the control API. */
    public static Response json(int status, Object value) {
        return json(status, value, -1);
    }

    private static Response json(int status, Object value, int replyCode) {
        byte[] bytes = bytes(value);
        return new Response(status, "application/json; charset=utf-8", out -> out.write(bytes), replyCode, false)
                .withLength(bytes.length);
    }

    private static byte[] bytes(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise a reply", e);
        }
    }

    public static Response stream(int status, String contentType, BodyWriter writer) {
        return new Response(status, contentType, writer, -1, true);
    }

    private long length = -1;

    private Response withLength(long length) {
        this.length = length;
        return this;
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String contentType() {
        return contentType;
    }

    /** The envelope's replyCode, or -1 for replies without an envelope. */
    public int replyCode() {
        return replyCode;
    }

    public boolean streaming() {
        return streaming;
    }

    /** Body length in bytes when known up front, else -1 (chunked). */
    public long length() {
        return length;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public void writeBody(OutputStream out) throws IOException {
        body.writeTo(out);
    }
}
