package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Profiles and their keys in JDBC (tables emarsys_profile and emarsys_profile_key, migration db/store/V1__profiles.sql). */
public final class ProfileStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;

    public ProfileStore(Connection connection) {
        this.connection = connection;
    }

    public synchronized String profileOf(String keyType, String keyValue) {
        if (keyValue == null) {
            return null;
        }
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT profile_id FROM emarsys_profile_key WHERE key_type = ? AND key_value = ?")) {
            query.setString(1, keyType);
            query.setString(2, keyValue);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Reading a profile key failed: " + e.getMessage(), e);
        }
    }

    public synchronized Profile load(String profileId) {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT data FROM emarsys_profile WHERE profile_id = ?")) {
            query.setString(1, profileId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? JSON.readValue(rs.getString(1), Profile.class) : null;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading profile " + profileId + " failed: " + e.getMessage(), e);
        }
    }

    /** Saves a profile; returns true when its content changed (or it is new). */
    public synchronized boolean save(Profile profile) {
        try {
            String data = JSON.writeValueAsString(profile);
            long hash = data.hashCode() * 31L + data.length();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE emarsys_profile SET data = ?, data_hash = ?, updated_at = ? WHERE profile_id = ? AND data_hash <> ?")) {
                update.setString(1, data);
                update.setLong(2, hash);
                update.setTimestamp(3, Timestamp.from(Instant.now()));
                update.setString(4, profile.profileId);
                update.setLong(5, hash);
                if (update.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement exists = connection.prepareStatement(
                    "SELECT COUNT(*) FROM emarsys_profile WHERE profile_id = ?")) {
                exists.setString(1, profile.profileId);
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return false; // unchanged
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO emarsys_profile (profile_id, created_at, updated_at, data_hash, data) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, profile.profileId);
                insert.setTimestamp(2, Timestamp.from(Instant.now()));
                insert.setTimestamp(3, Timestamp.from(Instant.now()));
                insert.setLong(4, hash);
                insert.setString(5, data);
                insert.executeUpdate();
            }
            return true;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Saving profile " + profile.profileId + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized void link(String keyType, String keyValue, String profileId) {
        if (keyValue == null) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE emarsys_profile_key SET profile_id = ? WHERE key_type = ? AND key_value = ?")) {
            update.setString(1, profileId);
            update.setString(2, keyType);
            update.setString(3, keyValue);
            if (update.executeUpdate() == 0) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO emarsys_profile_key (key_type, key_value, profile_id) VALUES (?, ?, ?)")) {
                    insert.setString(1, keyType);
                    insert.setString(2, keyValue);
                    insert.setString(3, profileId);
                    insert.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Writing a profile key failed: " + e.getMessage(), e);
        }
    }

    public synchronized void delete(String profileId) {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM emarsys_profile WHERE profile_id = ?")) {
            delete.setString(1, profileId);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Deleting profile " + profileId + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Hands every profile whose content was not published yet to {@code consumer}, reading them with a cursor (bounded
     * memory whatever the number), then marks them published.
     */
    public synchronized int forEachUnpublished(java.util.function.Consumer<Profile> consumer) {
        List<String[]> published = new java.util.ArrayList<>();
        int count = 0;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT profile_id, data_hash, data FROM emarsys_profile WHERE published_hash IS NULL OR published_hash <> data_hash")) {
            query.setFetchSize(500);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(JSON.readValue(rs.getString(3), Profile.class));
                    published.add(new String[] {rs.getString(1), Long.toString(rs.getLong(2))});
                    count++;
                    if (published.size() == 1000) {
                        markPublished(published);
                    }
                }
            }
            markPublished(published);
            return count;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("Reading unpublished profiles failed: " + e.getMessage(), e);
        }
    }

    private void markPublished(List<String[]> published) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE emarsys_profile SET published_hash = ? WHERE profile_id = ?")) {
            for (String[] p : published) {
                update.setLong(1, Long.parseLong(p[1]));
                update.setString(2, p[0]);
                update.addBatch();
            }
            update.executeBatch();
        }
        published.clear();
    }

    public synchronized int count() {
        try (PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM emarsys_profile");
             ResultSet rs = query.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
