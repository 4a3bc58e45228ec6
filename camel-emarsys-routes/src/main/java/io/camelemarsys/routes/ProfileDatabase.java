package io.camelemarsys.routes;

import java.sql.Connection;

import io.camelemarsys.kamelets.IdentityTable;
import io.camelemarsys.kamelets.JdbcDatabase;

/** The profile store's connection (same database as the identity table by default). */
public final class ProfileDatabase {

    private ProfileDatabase() {
    }

    public static Connection open(String url, String user, String password) {
        return JdbcDatabase.open(url == null || url.isBlank() ? IdentityTable.DEFAULT_URL : url, user, password, "profiles");
    }
}
