package io.camelemarsys.simulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;

/** One received request: method, path below the API prefix, path variables, query, headers and the body bytes. */
public final class Request {

    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Headers headers;
    private final byte[] body;
    private Map<String, String> pathParams = Collections.emptyMap();
    private String principal;
    private JsonNode json;

    public Request(String method, String path, String rawQuery, Headers headers, byte[] body) {
        this.method = method;
        this.path = path;
        this.query = parseQuery(rawQuery);
        this.headers = headers;
        this.body = body;
    }

    /** Reads at most {@code maxBytes}; a longer body is refused with HTTP 413 before it is parsed. */
    public static byte[] readBody(InputStream in, int maxBytes) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            in.transferTo(OutputStreamSink.INSTANCE);
            throw new ApiError(413, 1000, "Request body too large: the limit is " + maxBytes + " bytes");
        }
        return bytes;
    }

    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String header(String name) {
        return headers.getFirst(name);
    }

    public String query(String name) {
        return query.get(name);
    }

    public Map<String, String> queryParams() {
        return query;
    }

    /** An integer query parameter; a value that is not a number is a 400 that names the parameter. */
    public Integer queryInt(String name) {
        String value = query.get(name);
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(1001, "Invalid parameter " + name + ": '" + value + "' is not a number");
        }
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; an empty or malformed body is 400 / 1010 as Emarsys answers it. */
    public JsonNode json() {
        if (json == null) {
            if (body.length == 0) {
                throw ApiError.badRequest(1010, "Invalid JSON: the request body is empty");
            }
            try {
                json = Json.MAPPER.readTree(body);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiError.badRequest(1010, "Invalid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw ApiError.badRequest(1010, "Invalid JSON: " + e.getMessage());
            }
        }
        return json;
    }

    /** The body as a JSON object; anything else is 400 / 1010. */
    public JsonNode jsonObject() {
        JsonNode node = json();
        if (!node.isObject()) {
            throw ApiError.badRequest(1010, "Invalid JSON: the request body must be a JSON object");
        }
        return node;
    }

    public String pathParam(String name) {
        return pathParams.get(name);
    }

    /** A numeric path variable; anything else is 400 / 1001 naming it. */
    public long pathLong(String name) {
        String value = pathParams.get(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(1001, "Invalid " + name + " in path: '" + value + "' is not a number");
        }
    }

    void pathParams(Map<String, String> params) {
        this.pathParams = params;
    }

    /** The authenticated API user (WSSE user name or OAuth2 client id); null on the control API. */
    public String principal() {
        return principal;
    }

    public void principal(String principal) {
        this.principal = principal;
    }

    public List<String> headerValues(String name) {
        List<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    /** Discards the rest of an oversized body so the connection stays usable. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
