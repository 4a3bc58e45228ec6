package io.camelemarsys.component;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * Keeps src/main/docs/emarsys-component.adoc true: its option and header tables are rendered from the catalog JSON
 * that Camel's component tooling generates. The test fails when they differ; run it with
 * {@code -Demarsys.docs.update=true} to rewrite the tables.
 */
class ComponentDocsTest {

    private static final Path DOC = Path.of("src/main/docs/emarsys-component.adoc");

    @Test
    void docTablesMatchTheGeneratedCatalog() throws Exception {
        JsonNode catalog;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/camelemarsys/component/emarsys.json")) {
            catalog = new ObjectMapper().readTree(in);
        }
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String rendered = section(doc, "emarsys component options", options("The component supports", catalog.get("componentProperties")));
        rendered = section(rendered, "emarsys endpoint options", options("The endpoint supports", catalog.get("properties")));
        rendered = section(rendered, "emarsys headers", headers(catalog.get("headers")));
        if (Boolean.getBoolean("emarsys.docs.update")) {
            Files.writeString(DOC, rendered, StandardCharsets.UTF_8);
        }
        assertEquals(rendered, doc, "emarsys-component.adoc is out of date: run mvn test -pl camel-emarsys-component "
                + "-Dtest=ComponentDocsTest -Demarsys.docs.update=true");
    }

    private static String section(String doc, String name, String content) {
        String start = "// " + name + ": START\n";
        String end = "// " + name + ": END";
        int from = doc.indexOf(start) + start.length();
        int to = doc.indexOf(end);
        return doc.substring(0, from) + content + doc.substring(to);
    }

    private static String options(String intro, JsonNode properties) {
        StringBuilder table = new StringBuilder(intro + " " + properties.size()
                + " options:\n\n[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n"
                + "| Name | Description | Default | Type\n");
        for (Map.Entry<String, JsonNode> e : properties.properties()) {
            JsonNode p = e.getValue();
            String description = p.path("description").asText().replace("|", "\\|");
            if (p.path("secret").asBoolean()) {
                description += " (secret)";
            }
            table.append("| *").append(e.getKey()).append("* (").append(p.path("group").asText()).append(") | ")
                    .append(description).append(" | ").append(p.has("defaultValue") ? p.get("defaultValue").asText() : "")
                    .append(" | ").append(p.path("javaType").asText()).append('\n');
        }
        return table.append("|===\n\n").toString();
    }

    private static String headers(JsonNode headers) {
        StringBuilder table = new StringBuilder("[width=\"100%\",cols=\"2,5,2\",options=\"header\"]\n"
                + "|===\n| Name | Description | Type\n");
        for (Map.Entry<String, JsonNode> e : headers.properties()) {
            table.append("| *").append(e.getKey()).append("* (").append(e.getValue().path("group").asText()).append(") | ")
                    .append(e.getValue().path("description").asText().replace("|", "\\|")).append(" | ")
                    .append(e.getValue().path("javaType").asText()).append('\n');
        }
        return table.append("|===\n\n").toString();
    }
}
