package io.camelemarsys.routes.importer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.camel.CamelContext;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/** What publishing saved profiles sends: their opt-in write-backs and their Kafka messages. Data only, no I/O. */
final class ProfilePublishing {

    private static final ObjectWriter PROFILE_WRITER = new ObjectMapper().writerFor(Profile.class);

    /** The contact updates of a batch, and the profiles whose record of their contacts' opt-ins they change. */
    record WriteBack(List<Map<String, Object>> updates, List<Profile> rewritten) {
    }

    private ProfilePublishing() {
    }

    /**
     * The profile's latest opt-in, for each contact of a profile that joins several whose opt-in differs; each such
     * profile records the opt-in as its contact's now (so the message published after says what Emarsys will hold).
     */
    static WriteBack optInWriteBack(List<ProfileStore.Stored> saved, String emailField, String optInField) {
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Profile> rewritten = new ArrayList<>();
        for (ProfileStore.Stored stored : saved) {
            Profile profile = stored.profile();
            if (profile.optIn == null || profile.contacts.size() < 2) {
                continue;
            }
            boolean changed = false;
            for (String contact : profile.contacts) {
                if (!profile.optIn.equals(profile.optIns.get(contact))) {
                    Map<String, Object> update = new LinkedHashMap<>();
                    update.put(emailField, contact);
                    update.put(optInField, "True".equalsIgnoreCase(profile.optIn));
                    updates.add(update);
                    profile.optIns.put(contact, profile.optIn);
                    changed = true;
                }
            }
            if (changed) {
                rewritten.add(profile);
            }
        }
        return new WriteBack(updates, rewritten);
    }

    /** One Kafka message per profile: its JSON, keyed by the profile's id (a profile's versions stay in order). */
    static List<Message> messages(List<ProfileStore.Stored> saved, List<Profile> rewritten, CamelContext context) {
        List<Message> messages = new ArrayList<>(saved.size());
        java.util.Set<Profile> changed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        changed.addAll(rewritten);
        for (ProfileStore.Stored stored : saved) {
            Message message = new DefaultMessage(context);
            message.setHeader(KafkaConstants.KEY, stored.profile().profileId);
            try {
                // the JSON the store holds, written once; a profile the write-back changed is written again
                boolean asStored = stored.data() != null && !changed.contains(stored.profile());
                message.setBody(asStored ? stored.data() : PROFILE_WRITER.writeValueAsString(stored.profile()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Writing profile " + stored.profile().profileId + " as JSON failed: "
                        + e.getMessage(), e);
            }
            messages.add(message);
        }
        return messages;
    }
}
