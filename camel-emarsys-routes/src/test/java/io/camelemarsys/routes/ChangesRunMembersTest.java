package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.routes.importer.SegmentImport;

/**
 * A changes run of the import (a contact list here) keeps the changes of the list's current members only: the
 * members are read into the store (emarsys_import_member, under the import's name) and each run replaces them, so a
 * contact that left the list is skipped as a contact that never was on it.
 */
class ChangesRunMembersTest extends KafkaRouteTestSupport {

    private static final String TOPIC = "test.member-profiles";
    private String listId;

    @Override
    String routes() {
        return "classpath:templates/emarsys-segment-import.yaml,classpath:test-routes/segment-import.yaml";
    }

    @Override
    void configure(Main main) {
        try {
            control("POST", "/contacts", "[{\"3\":\"m1@m.example\",\"1\":\"M1\"},{\"3\":\"m2@m.example\",\"1\":\"M2\"},"
                    + "{\"3\":\"m3@m.example\",\"1\":\"M3\"},{\"3\":\"x@x.example\",\"1\":\"X\"}]");
            listId = control("POST", "/lists", "{\"name\":\"Members\",\"key_id\":\"3\",\"external_ids\":"
                    + "[\"m1@m.example\",\"m2@m.example\",\"m3@m.example\"]}").path("id").asText();
            control("PUT", "/settings", "{\"exportDelayMillis\":0}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        main.addOverrideProperty("emarsys.import.lists", listId);
        main.addOverrideProperty("emarsys.import.fields", "First Name");
        main.addOverrideProperty("emarsys.import.phone-fields", "Phone");
        main.addOverrideProperty("emarsys.import.overlap-minutes", "0"); // each changes run reads only what changed since the last
        main.addOverrideProperty("emarsys.import.cron", "0 0 0 1 1 ? 2099");
        main.addOverrideProperty("emarsys.import.start-delay-ms", "100");
        main.addOverrideProperty("emarsys.import.profiles-topic", TOPIC);
        main.addOverrideProperty("camel.component.emarsys.poll-interval", "50");
    }

    @Test
    void aChangesRunKeepsOnlyTheChangesOfTheListsCurrentMembers() throws Exception {
        SegmentImport segmentImport = main.getCamelContext().getRegistry().lookupByNameAndType("emarsysSegmentImport",
                SegmentImport.class);
        String source = "list:" + listId;
        await("the full run at start", () -> segmentImport.status().contains("full import of " + source + ": 3 rows"));
        ProducerTemplate template = main.getCamelContext().createProducerTemplate();

        // m2 (a member) and x (never one) change: only m2's change is kept
        template.sendBody("emarsys:contact/update", Map.of("email", "m2@m.example", "First Name", "M2 changed"));
        template.sendBody("emarsys:contact/update", Map.of("email", "x@x.example", "First Name", "X changed"));
        template.sendBody("direct:emarsys-segment-import-now", null);
        assertTrue(segmentImport.status().contains("changes import of " + source + ": 1 rows"), segmentImport.status());
        Set<String> members = listMembers(template);
        assertEquals(3, members.size());
        assertEquals(members, storedMembers(), "the list's contact ids, in the store under the import's name");

        // m1 leaves the list, then m1 and m3 change: the second run's smaller member list keeps only m3's change
        template.sendBodyAndHeader("emarsys:contactlist/remove?keyField=email", "m1@m.example",
                EmarsysConstants.LIST_ID, listId);
        template.sendBody("emarsys:contact/update", Map.of("email", "m1@m.example", "First Name", "M1 gone"));
        template.sendBody("emarsys:contact/update", Map.of("email", "m3@m.example", "First Name", "M3 changed"));
        template.sendBody("direct:emarsys-segment-import-now", null);
        // (the window may take m2's change again: the changes export's since counts whole seconds)
        assertTrue(segmentImport.status().contains("changes import of " + source + ": "), segmentImport.status());
        Set<String> fewer = listMembers(template);
        assertEquals(2, fewer.size());
        assertEquals(fewer, storedMembers(), "replaced by the second run's members");

        List<JsonNode> published = json(TOPIC);
        Set<String> names = new HashSet<>();
        published.forEach(profile -> names.add(profile.path("fields").path("First Name").asText()));
        assertTrue(names.containsAll(Set.of("M2 changed", "M3 changed")), names.toString());
        assertTrue(!names.contains("X changed") && !names.contains("X") && !names.contains("M1 gone"),
                "no change of a contact that is not a member: " + names);
    }

    private Set<String> listMembers(ProducerTemplate template) {
        Iterator<?> ids = template.requestBodyAndHeader("emarsys:contactlist/members", null, EmarsysConstants.LIST_ID,
                listId, Iterator.class);
        Set<String> members = new HashSet<>();
        ids.forEachRemaining(id -> members.add(String.valueOf(id)));
        return members;
    }

    private Set<String> storedMembers() throws Exception {
        DataSource store = main.getCamelContext().getRegistry().lookupByNameAndType("emarsysStore", DataSource.class);
        Set<String> members = new HashSet<>();
        try (Connection connection = store.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT contact_id FROM emarsys_import_member "
                     + "WHERE import_name = 'segment-import'")) {
            while (rs.next()) {
                members.add(rs.getString(1));
            }
        }
        return members;
    }
}
