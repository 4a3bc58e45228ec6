package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The component reads a reply by its body, never by its Content-Type: the real API labels its JSON text/html
 * (recorded in emarsys-rb's specs), so a label must neither make an envelope a file nor a file an envelope. A
 * loopback server sends the labels no simulator would.
 */
class ContentTypeIndependenceTest {

    private static final String CSV = "user_id,E-Mail\r\n1,ann@example.com\r\n";
    private static final String OK = "{\"replyCode\":0,\"replyText\":\"OK\",\"data\":{\"id\":7}}";

    private static HttpServer server;
    private static CamelContext context;
    private static ProducerTemplate template;

    @BeforeAll
    static void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        reply("/api/v2/settings", "text/html; charset=utf-8", OK);
        reply("/api/v2/export/1/data", "application/json", CSV);
        reply("/api/v2/export/2/data", "text/csv", OK);
        server.start();
        context = new DefaultCamelContext();
        EmarsysComponent emarsys = new EmarsysComponent();
        emarsys.getConfiguration().setBaseUrl("http://127.0.0.1:" + server.getAddress().getPort());
        emarsys.getConfiguration().setUsername("user");
        emarsys.getConfiguration().setSecret("not-checked-here");
        context.addComponent("emarsys", emarsys);
        context.start();
        template = context.createProducerTemplate();
    }

    private static void reply(String path, String contentType, String body) {
        server.createContext(path, exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        context.close();
        server.stop(0);
    }

    @Test
    void anEnvelopeLabelledTextHtmlIsReadAsJson() {
        Exchange exchange = template.send("emarsys:settings/get", e -> { });
        assertNull(exchange.getException());
        assertEquals(7, ((Map<?, ?>) exchange.getMessage().getBody(Map.class)).get("id"));
    }

    @Test
    void aFileLabelledJsonIsStillAFile() throws Exception {
        Exchange exchange = template.send("emarsys:export/download",
                e -> e.getMessage().setHeader(EmarsysConstants.EXPORT_ID, "1"));
        assertNull(exchange.getException());
        try (InputStream in = exchange.getMessage().getBody(InputStream.class)) {
            assertEquals(CSV, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void anEnvelopeLabelledCsvIsNotTakenForAFile() {
        Exchange exchange = template.send("emarsys:export/download",
                e -> e.getMessage().setHeader(EmarsysConstants.EXPORT_ID, "2"));
        EmarsysApiException e = assertInstanceOf(EmarsysApiException.class, exchange.getException());
        assertTrue(e.getMessage().contains("expected a file"), e.getMessage());
    }
}
