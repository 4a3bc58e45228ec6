package io.camelemarsys.simulator.http;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.net.httpserver.Headers;

/**
 * A small HTTP/1.1 server (keep-alive, Content-Length and chunked bodies, 100-continue), one thread per
 * connection. The simulator needs full control of the reply's status line, header names and {@code Date} header,
 * and of dropping a connection, which the JDK's built-in server does not give.
 */
public final class HttpServer implements AutoCloseable {

    @FunctionalInterface
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(HttpServer.class.getName());
    private static final int MAX_LINE = 64 * 1024;
    private static final int IDLE_TIMEOUT_MILLIS = 60_000;

    private final ServerSocket serverSocket;
    private final Handler handler;
    private final ExecutorService executor;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;

    private HttpServer(ServerSocket serverSocket, Handler handler) {
        this.serverSocket = serverSocket;
        this.handler = handler;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "emarsys-simulator-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::acceptLoop);
    }

    public static HttpServer start(String host, int port, Handler handler) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        return new HttpServer(socket, handler);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    private void acceptLoop() {
        while (running) {
            try {
                Socket socket = serverSocket.accept();
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
                connections.add(socket);
                executor.execute(() -> serve(socket));
            } catch (IOException e) {
                if (running) {
                    LOG.log(Level.WARNING, "accept failed", e);
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            while (running && serveOne(socket, in, out)) {
                out.flush();
            }
        } catch (SocketTimeoutException | SocketException e) {
            // idle keep-alive connection timed out, or the peer went away
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "connection failed", e);
        } finally {
            connections.remove(socket);
        }
    }

    /** Serves one request; false when the connection must close. */
    private boolean serveOne(Socket socket, InputStream in, OutputStream out) throws IOException {
        String requestLine = readLine(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = readLine(in);
        }
        if (requestLine == null) {
            return false;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            writeBadRequest(out, "malformed request line");
            return false;
        }
        Headers headers = new Headers();
        String line;
        while ((line = readLine(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                writeBadRequest(out, "malformed header line");
                return false;
            }
            headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        if (line == null) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(parts[1]);
        } catch (URISyntaxException e) {
            writeBadRequest(out, "malformed request target");
            return false;
        }
        boolean http10 = parts[2].equals("HTTP/1.0");
        String connection = lower(headers.getFirst("Connection"));
        boolean keepAlive = http10 ? "keep-alive".equals(connection) : !"close".equals(connection);

        InputStream body;
        String transferEncoding = lower(headers.getFirst("Transfer-Encoding"));
        String contentLength = headers.getFirst("Content-Length");
        if (transferEncoding != null && transferEncoding.contains("chunked")) {
            body = new Streams.ChunkedIn(in);
        } else if (contentLength != null) {
            try {
                body = new Streams.FixedLengthIn(in, Long.parseLong(contentLength.trim()));
            } catch (NumberFormatException e) {
                writeBadRequest(out, "bad Content-Length");
                return false;
            }
        } else {
            body = InputStream.nullInputStream();
        }
        if ("100-continue".equals(lower(headers.getFirst("Expect")))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        HttpExchange exchange = new HttpExchange(socket, parts[0], uri, headers, body, out);
        if (!keepAlive) {
            exchange.responseHeaders().put("Connection", "close");
        }
        handler.handle(exchange);
        if (exchange.dropped()) {
            return false;
        }
        if (!exchange.replied()) {
            exchange.sendResponseHeaders(500, 0).close();
        }
        body.transferTo(OutputStream.nullOutputStream()); // the next request starts after this body
        return keepAlive;
    }

    private static void writeBadRequest(OutputStream out, String reason) throws IOException {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: "
                + text.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(text);
        out.flush();
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    /** A CRLF- (or LF-) terminated ISO-8859-1 line without its terminator; null at end of stream. */
    static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
            }
            if (line.size() == MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Stops accepting, closes every connection, and ends the worker threads. */
    @Override
    public void close() {
        running = false;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket socket : connections) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        executor.shutdownNow();
    }
}
