package io.camelemarsys.simulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import com.sun.net.httpserver.Headers;

/**
 * One request and its reply on a {@link HttpServer} connection. Reply headers keep the case they are given in (the
 * JDK's server would rewrite {@code X-Ratelimit-Remaining} and its own {@code Date}, which the clock-offset fault must
 * control).
 */
public final class HttpExchange {

    private static final Map<Integer, String> REASONS = Map.ofEntries(
            Map.entry(100, "Continue"), Map.entry(200, "OK"), Map.entry(201, "Created"), Map.entry(202, "Accepted"),
            Map.entry(204, "No Content"), Map.entry(400, "Bad Request"), Map.entry(401, "Unauthorized"),
            Map.entry(403, "Forbidden"), Map.entry(404, "Not Found"), Map.entry(405, "Method Not Allowed"),
            Map.entry(410, "Gone"), Map.entry(413, "Payload Too Large"), Map.entry(415, "Unsupported Media Type"),
            Map.entry(423, "Locked"), Map.entry(429, "Too Many Requests"), Map.entry(500, "Internal Server Error"),
            Map.entry(501, "Not Implemented"), Map.entry(502, "Bad Gateway"), Map.entry(503, "Service Unavailable"));

    private final Socket socket;
    private final String method;
    private final URI uri;
    private final Headers requestHeaders;
    private final InputStream requestBody;
    private final OutputStream connectionOut;
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private OutputStream responseBody;
    private boolean dropped;

    HttpExchange(Socket socket, String method, URI uri, Headers requestHeaders, InputStream requestBody,
                 OutputStream connectionOut) {
        this.socket = socket;
        this.method = method;
        this.uri = uri;
        this.requestHeaders = requestHeaders;
        this.requestBody = requestBody;
        this.connectionOut = connectionOut;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public Headers requestHeaders() {
        return requestHeaders;
    }

    public InputStream requestBody() {
        return requestBody;
    }

    /** Reply headers, written exactly as named. */
    public Map<String, String> responseHeaders() {
        return responseHeaders;
    }

    /**
     * Writes the status line and headers; {@code length} >= 0 sends a Content-Length, -1 a chunked body. Returns the
     * stream for the body; closing it ends the reply.
     */
    public OutputStream sendResponseHeaders(int status, long length) throws IOException {
        boolean head = "HEAD".equals(method);
        StringBuilder head1 = new StringBuilder(256);
        head1.append("HTTP/1.1 ").append(status).append(' ').append(REASONS.getOrDefault(status, "Status"))
                .append("\r\n");
        responseHeaders.forEach((name, value) -> head1.append(name).append(": ").append(value).append("\r\n"));
        if (length >= 0) {
            head1.append("Content-Length: ").append(length).append("\r\n");
        } else if (!head) {
            head1.append("Transfer-Encoding: chunked\r\n");
        }
        head1.append("\r\n");
        connectionOut.write(head1.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (head || length == 0) {
            responseBody = new Streams.Discarding(connectionOut);
        } else {
            responseBody = length > 0 ? new Streams.FixedLengthOut(connectionOut, length)
                    : new Streams.ChunkedOut(connectionOut);
        }
        return responseBody;
    }

    boolean replied() {
        return responseBody != null;
    }

    /** Closes the connection without any reply: the client sees it drop. */
    public void drop() {
        dropped = true;
        try {
            socket.close();
        } catch (IOException e) {
            // already gone
        }
    }

    boolean dropped() {
        return dropped;
    }
}
