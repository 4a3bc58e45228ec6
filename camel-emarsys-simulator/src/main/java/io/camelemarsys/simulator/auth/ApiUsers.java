package io.camelemarsys.simulator.auth;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The API users of the one simulated account: WSSE users (name and secret) and OAuth2 clients (id and secret). Each
 * has its own rate budget, as at Emarsys. A user can be revoked at run time, as an admin deleting it would: from then
 * on its requests are refused with 401 (its issued tokens too).
 */
public final class ApiUsers {

    private final Map<String, String> wsseUsers = new ConcurrentHashMap<>();
    private final Map<String, String> oauthClients = new ConcurrentHashMap<>();

    public ApiUsers(Map<String, String> wsseUsers, Map<String, String> oauthClients) {
        this.wsseUsers.putAll(wsseUsers);
        this.oauthClients.putAll(oauthClients);
    }

    /** The secret of a WSSE user, or null for an unknown or revoked one. */
    public String wsseSecret(String username) {
        return wsseUsers.get(username);
    }

    /** The secret of an OAuth2 client, or null for an unknown or revoked one. */
    public String clientSecret(String clientId) {
        return oauthClients.get(clientId);
    }

    /** Whether an OAuth2 client still exists (its tokens stop working once it is revoked). */
    public boolean clientActive(String clientId) {
        return oauthClients.containsKey(clientId);
    }

    /** Deletes a WSSE user: its next requests get 401. */
    public void revokeWsseUser(String username) {
        wsseUsers.remove(username);
    }

    /** Deletes an OAuth2 client: its token requests and its issued tokens get 401. */
    public void revokeOAuthClient(String clientId) {
        oauthClients.remove(clientId);
    }
}
