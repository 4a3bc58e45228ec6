package io.camelemarsys.simulator.http;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** The body framings of HTTP/1.1, in and out: Content-Length and chunked. */
final class Streams {

    private Streams() {
    }

    /** Reads exactly {@code length} bytes of a request body, never past it into the next request. */
    static final class FixedLengthIn extends InputStream {
        private final InputStream in;
        private long remaining;

        FixedLengthIn(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    /** Decodes a chunked request body. */
    static final class ChunkedIn extends InputStream {
        private final InputStream in;
        private long chunkLeft;
        private boolean done;

        ChunkedIn(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                String size = HttpServer.readLine(in);
                if (size == null) {
                    throw new IOException("connection closed inside a chunked body");
                }
                int semicolon = size.indexOf(';');
                chunkLeft = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunkLeft == 0) {
                    String trailer;
                    do {
                        trailer = HttpServer.readLine(in);
                    } while (trailer != null && !trailer.isEmpty());
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new IOException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                HttpServer.readLine(in); // CRLF after the chunk
            }
            return n;
        }
    }

    /** Writes a body of a declared length; closing flushes but keeps the connection open. */
    static final class FixedLengthOut extends FilterOutputStream {
        FixedLengthOut(OutputStream out, long length) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    /** Writes a chunked body; closing writes the last chunk. */
    static final class ChunkedOut extends FilterOutputStream {
        private final byte[] buffer = new byte[32 * 1024];
        private int count;
        private boolean closed;

        ChunkedOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            if (count == buffer.length) {
                flushChunk();
            }
            buffer[count++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (count == buffer.length) {
                    flushChunk();
                }
                int n = Math.min(len, buffer.length - count);
                System.arraycopy(b, off, buffer, count, n);
                count += n;
                off += n;
                len -= n;
            }
        }

        private void flushChunk() throws IOException {
            if (count > 0) {
                out.write((Integer.toHexString(count) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(buffer, 0, count);
                out.write('\r');
                out.write('\n');
                count = 0;
            }
        }

        @Override
        public void flush() throws IOException {
            flushChunk();
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                flushChunk();
                out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
    }

    /** HEAD replies and empty bodies: nothing is written. */
    static final class Discarding extends FilterOutputStream {
        Discarding(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
