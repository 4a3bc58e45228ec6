package io.camelemarsys.routes;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback listener that stands for an attacker's host: it records every connection (and the first bytes sent,
 * to show what would have leaked) and answers nothing.
 */
final class ConnectionRecorder implements AutoCloseable {

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();

    ConnectionRecorder() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "attacker-listener");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** What each connection sent first (up to 2 KiB), one entry per connection. */
    List<String> received() {
        return List.copyOf(received);
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                socket.setSoTimeout(1000);
                byte[] buffer = new byte[2048];
                int n = 0;
                try {
                    InputStream in = socket.getInputStream();
                    n = Math.max(0, in.read(buffer));
                } catch (IOException e) {
                    // a connection that sent nothing still counts
                }
                received.add(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
