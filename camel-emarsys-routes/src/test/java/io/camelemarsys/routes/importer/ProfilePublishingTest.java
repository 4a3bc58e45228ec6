package io.camelemarsys.routes.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** What publishing a chunk's saved profiles sends, and the batches the import's splits read: data only. */
class ProfilePublishingTest {

    private static ProfileStore.Stored profile(String id, String optIn, String... contactOptIns) {
        Profile profile = new Profile();
        profile.profileId = id;
        profile.optIn = optIn;
        for (int i = 0; i < contactOptIns.length; i += 2) {
            profile.contacts.add(contactOptIns[i]);
            profile.emails.add(contactOptIns[i]);
            profile.optIns.put(contactOptIns[i], contactOptIns[i + 1]);
        }
        return new ProfileStore.Stored(profile, 1L, null);
    }

    @Test
    void theLatestOptInGoesBackToEachContactOfAProfileThatDiffers() {
        ProfileStore.Stored joined = profile("p1", "True", "a@example.com", "False", "b@example.com", "True");
        ProfilePublishing.WriteBack writeBack = ProfilePublishing.optInWriteBack(List.of(joined), "email", "optin");
        assertEquals(List.of(Map.of("email", "a@example.com", "optin", true)), writeBack.updates());
        assertEquals(List.of(joined.profile()), writeBack.rewritten());
        assertEquals("True", joined.profile().optIns.get("a@example.com"), "the profile records what Emarsys will hold");
    }

    @Test
    void aProfileOfOneContactOrWithoutOptInWritesNothingBack() {
        ProfileStore.Stored single = profile("p1", "False", "a@example.com", "True");
        ProfileStore.Stored unknown = profile("p2", null, "b@example.com", "True", "c@example.com", "False");
        ProfileStore.Stored agreeing = profile("p3", "True", "d@example.com", "True", "e@example.com", "True");
        ProfilePublishing.WriteBack writeBack = ProfilePublishing.optInWriteBack(List.of(single, unknown, agreeing),
                "email", "optin");
        assertTrue(writeBack.updates().isEmpty());
        assertTrue(writeBack.rewritten().isEmpty());
    }

    @Test
    void eachProfileIsOneMessageKeyedByItsIdWithItsJson() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Message> messages = ProfilePublishing.messages(
                    List.of(profile("p1", "True", "a@example.com", "True"), profile("p2", null)), List.of(), context);
            assertEquals(2, messages.size());
            assertEquals("p1", messages.get(0).getHeader(KafkaConstants.KEY));
            assertEquals("p2", messages.get(1).getHeader(KafkaConstants.KEY));
            Map<?, ?> json = new ObjectMapper().readValue(messages.get(0).getBody(String.class), Map.class);
            assertEquals("p1", json.get("profileId"));
            assertEquals(List.of("a@example.com"), json.get("contacts"));
        }
    }

    @Test
    void aSavedProfileIsPublishedAsStoredAndOneTheWriteBackChangedWithItsNewContent() throws Exception {
        Profile unchanged = profile("p1", "True", "a@example.com", "True").profile();
        String stored = ProfileStore.data(unchanged);
        ProfileStore.Stored joined = profile("p2", "True", "b@example.com", "False", "c@example.com", "True");
        String joinedAsStored = ProfileStore.data(joined.profile());
        List<ProfileStore.Stored> saved = List.of(new ProfileStore.Stored(unchanged, ProfileStore.hash(stored), stored),
                new ProfileStore.Stored(joined.profile(), ProfileStore.hash(joinedAsStored), joinedAsStored));
        ProfilePublishing.WriteBack writeBack = ProfilePublishing.optInWriteBack(saved, "email", "optin");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            List<Message> messages = ProfilePublishing.messages(saved, writeBack.rewritten(), context);
            assertEquals(stored, messages.get(0).getBody(String.class), "the stored JSON, not written again");
            Map<?, ?> json = new ObjectMapper().readValue(messages.get(1).getBody(String.class), Map.class);
            assertEquals(Map.of("b@example.com", "True", "c@example.com", "True"), json.get("optIns"),
                    "the opt-in the write-back gives back to b@, not the stored one");
        }
    }

    @Test
    void batchesAreReadOnceEachAndAnEmptyBatchEndsThem() {
        List<Integer> reads = new ArrayList<>();
        Batches<String> batches = new Batches<>() {
            @Override
            List<String> read() {
                reads.add(reads.size());
                return reads.size() <= 2 ? List.of("batch " + reads.size()) : List.of();
            }
        };
        assertTrue(batches.hasNext());
        assertTrue(batches.hasNext(), "asking again reads nothing more");
        assertEquals(List.of("batch 1"), batches.next());
        assertEquals(List.of("batch 2"), batches.next());
        assertFalse(batches.hasNext());
        assertEquals(3, reads.size());
        assertThrows(NoSuchElementException.class, batches::next);
    }
}
