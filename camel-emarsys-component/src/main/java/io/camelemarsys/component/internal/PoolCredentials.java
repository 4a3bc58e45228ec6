package io.camelemarsys.component.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.camelemarsys.component.EmarsysAuthMode;
import io.camelemarsys.component.EmarsysConfiguration;

/**
 * The API users an endpoint sends with, read from its options: the primary user ({@code username}/{@code secret}, or
 * {@code clientId}/{@code clientSecret}) first, then the pool options of the auth mode in use ({@code poolUsernames}
 * with {@code poolSecrets}, or {@code poolClientIds} with {@code poolClientSecrets}: comma-separated, same order).
 * A mistake fails the endpoint's start naming the options and the fix; a secret never appears in a message.
 */
public final class PoolCredentials {

    /** One API user: the name (user name or client id) and its secret. */
    public static final class Credential {
        private final String name;
        private final String secret;

        Credential(String name, String secret) {
            this.name = name;
            this.secret = secret;
        }

        public String name() {
            return name;
        }

        public String secret() {
            return secret;
        }

        @Override
        public String toString() {
            return name; // never the secret
        }
    }

    private PoolCredentials() {
    }

    public static List<Credential> of(EmarsysConfiguration config) {
        boolean oauth2 = config.getAuthMode() == EmarsysAuthMode.oauth2;
        String namesOption = oauth2 ? "poolClientIds" : "poolUsernames";
        String secretsOption = oauth2 ? "poolClientSecrets" : "poolSecrets";
        List<String> names = split(oauth2 ? config.getPoolClientIds() : config.getPoolUsernames());
        List<String> secrets = split(oauth2 ? config.getPoolClientSecrets() : config.getPoolSecrets());
        List<Credential> all = new ArrayList<>();
        all.add(oauth2 ? new Credential(config.getClientId(), config.getClientSecret())
                : new Credential(config.getUsername(), config.getSecret()));
        if (names.size() != secrets.size()) {
            throw new IllegalArgumentException("emarsys: " + namesOption + " names " + names.size()
                    + " API user(s) but " + secretsOption + " holds " + secrets.size() + " secret(s); give one secret "
                    + "per API user, comma-separated in the same order");
        }
        Set<String> seen = new HashSet<>();
        seen.add(all.get(0).name());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("emarsys: " + namesOption + " entry " + (i + 1) + " is empty in '"
                        + (oauth2 ? config.getPoolClientIds() : config.getPoolUsernames())
                        + "'; remove the stray comma");
            }
            if (secrets.get(i).isEmpty()) {
                throw new IllegalArgumentException("emarsys: " + secretsOption + " entry " + (i + 1) + " (the secret of '"
                        + name + "') is empty; give one secret per API user of " + namesOption + ", in the same order");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("emarsys: API user '" + name + "' appears twice among the primary "
                        + "user and " + namesOption + "; list each API user once");
            }
            all.add(new Credential(name, secrets.get(i)));
        }
        return all;
    }

    private static List<String> split(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        List<String> parts = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            parts.add(part.trim());
        }
        return parts;
    }
}
