package io.camelemarsys.simulator.api;

import java.io.IOException;
import java.io.Writer;

/** Writes CSV cells: quoted only when they hold the delimiter, a quote or a line break, quotes doubled (RFC 4180). */
final class Csv {

    private Csv() {
    }

    static void cell(Writer out, String value, char delimiter) throws IOException {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == delimiter || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
