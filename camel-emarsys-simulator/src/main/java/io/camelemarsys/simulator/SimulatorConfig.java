package io.camelemarsys.simulator;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.camelemarsys.simulator.http.Faults;

/**
 * How a simulator starts. Immutable; build one with {@link #builder()}. Every setting that can change at run time
 * can also be changed through the control API ({@code /_simulator/settings}, {@code /_simulator/faults}).
 */
public final class SimulatorConfig {

    private final String host;
    private final int port;
    private final String username;
    private final String secret;
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final int rateLimitPerMinute;
    private final Duration rateLimitWindow;
    private final int seedContacts;
    private final long seed;
    private final Duration exportDelay;
    private final Duration exportRetention;
    private final Duration segmentEvaluation;
    private final Faults faults;
    private final int journalCapacity;
    private final boolean changesDateTime;
    private final Map<String, String> extraUsers;
    private final Map<String, String> extraOAuthClients;

    private SimulatorConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.username = b.username;
        this.secret = b.secret;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.tokenLifetime = b.tokenLifetime;
        this.rateLimitPerMinute = b.rateLimitPerMinute;
        this.rateLimitWindow = b.rateLimitWindow;
        this.seedContacts = b.seedContacts;
        this.seed = b.seed;
        this.exportDelay = b.exportDelay;
        this.exportRetention = b.exportRetention;
        this.segmentEvaluation = b.segmentEvaluation;
        this.faults = b.faults;
        this.journalCapacity = b.journalCapacity;
        this.changesDateTime = b.changesDateTime;
        this.extraUsers = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraUsers));
        this.extraOAuthClients = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraOAuthClients));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Loopback, a free port, user {@code demo} / {@code demo-secret}, client {@code demo-client} / {@code demo-client-secret}. */
    public static SimulatorConfig defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String username() {
        return username;
    }

    public String secret() {
        return secret;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    public int rateLimitPerMinute() {
        return rateLimitPerMinute;
    }

    /** Whether contact/getchanges takes date-times in time_range (Emarsys enables them per account on request). */
    public boolean changesDateTime() {
        return changesDateTime;
    }

    public Duration rateLimitWindow() {
        return rateLimitWindow;
    }

    public int seedContacts() {
        return seedContacts;
    }

    public long seed() {
        return seed;
    }

    public Duration exportDelay() {
        return exportDelay;
    }

    public Duration exportRetention() {
        return exportRetention;
    }

    public Duration segmentEvaluation() {
        return segmentEvaluation;
    }

    public Faults faults() {
        return faults;
    }

    public int journalCapacity() {
        return journalCapacity;
    }

    /** The WSSE users besides {@link #username()} (name to secret, in the order given), each with its own budget. */
    public Map<String, String> extraUsers() {
        return extraUsers;
    }

    /** The OAuth2 clients besides {@link #clientId()} (id to secret, in the order given), each with its own budget. */
    public Map<String, String> extraOAuthClients() {
        return extraOAuthClients;
    }

    /** Every WSSE user of the account: the primary one first, then the extra ones. */
    public Map<String, String> wsseUsers() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(username, secret);
        all.putAll(extraUsers);
        return Collections.unmodifiableMap(all);
    }

    /** Every OAuth2 client of the account: the primary one first, then the extra ones. */
    public Map<String, String> oauthClients() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(clientId, clientSecret);
        all.putAll(extraOAuthClients);
        return Collections.unmodifiableMap(all);
    }

    @Override
    public String toString() {
        // never the secrets
        return "SimulatorConfig[host=" + host + ", port=" + port + ", username=" + username + ", clientId=" + clientId
                + ", extraUsers=" + extraUsers.keySet() + ", extraOAuthClients=" + extraOAuthClients.keySet()
                + ", rateLimitPerMinute=" + rateLimitPerMinute + ", seedContacts=" + seedContacts + "]";
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String username = "demo";
        private String secret = "demo-secret";
        private String clientId = "demo-client";
        private String clientSecret = "demo-client-secret";
        private Duration tokenLifetime = Duration.ofHours(1);
        private int rateLimitPerMinute = 1000;
        private boolean changesDateTime;
        private Duration rateLimitWindow = Duration.ofMinutes(1);
        private int seedContacts;
        private long seed = 42;
        private Duration exportDelay = Duration.ofSeconds(2);
        private Duration exportRetention = Duration.ofHours(2);
        private Duration segmentEvaluation = Duration.ofSeconds(1);
        private Faults faults = Faults.NONE;
        private int journalCapacity = 10_000;
        private final Map<String, String> extraUsers = new LinkedHashMap<>();
        private final Map<String, String> extraOAuthClients = new LinkedHashMap<>();

        private Builder() {
        }

        /** Bind address; loopback by default. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /** The WSSE API user (API v2). */
        public Builder username(String username) {
            this.username = requireText("username", username);
            return this;
        }

        public Builder secret(String secret) {
            this.secret = requireText("secret", secret);
            return this;
        }

        /** The OAuth2 client (API v3). */
        public Builder clientId(String clientId) {
            this.clientId = requireText("clientId", clientId);
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = requireText("clientSecret", clientSecret);
            return this;
        }

        /** Lifetime of issued access tokens; Emarsys' is undocumented, clients assume 3600 s. */
        public Builder tokenLifetime(Duration tokenLifetime) {
            this.tokenLifetime = requirePositive("tokenLifetime", tokenLifetime);
            return this;
        }

        /** Requests per minute per API user; 0 turns the limit off. Emarsys documents 1000. */
        public Builder rateLimitPerMinute(int rateLimitPerMinute) {
            if (rateLimitPerMinute < 0) {
                throw new IllegalArgumentException("rateLimitPerMinute must be >= 0 (0 = off), was " + rateLimitPerMinute);
            }
            this.rateLimitPerMinute = rateLimitPerMinute;
            return this;
        }

        /** Length of the rate-limit window (default one minute, as Emarsys); tests shorten it. */
        public Builder rateLimitWindow(Duration rateLimitWindow) {
            this.rateLimitWindow = requirePositive("rateLimitWindow", rateLimitWindow);
            return this;
        }

        /** Generates N contacts and a segment "All contacts" at start. */
        public Builder seedContacts(int seedContacts) {
            if (seedContacts < 0) {
                throw new IllegalArgumentException("seedContacts must be >= 0, was " + seedContacts);
            }
            this.seedContacts = seedContacts;
            return this;
        }

        /** Seed of generated data and of fault draws. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Time an export spends scheduled and in progress before it is done. */
        public Builder exportDelay(Duration exportDelay) {
            this.exportDelay = requireNonNegative("exportDelay", exportDelay);
            return this;
        }

        /** How long a finished export file can be downloaded; later downloads get 410 / 4003. */
        public Builder exportRetention(Duration exportRetention) {
            this.exportRetention = requirePositive("exportRetention", exportRetention);
            return this;
        }

        /** Time a segment takes to evaluate; member listings answer 202 / 10001 meanwhile. */
        public Builder segmentEvaluation(Duration segmentEvaluation) {
            this.segmentEvaluation = requireNonNegative("segmentEvaluation", segmentEvaluation);
            return this;
        }

        public Builder faults(Faults faults) {
            this.faults = Objects.requireNonNull(faults, "faults");
            return this;
        }

        /**
         * Lets contact/getchanges take date-times ({@code YYYY-MM-DD HH:MM[:SS]}, Vienna time) in time_range, as an
         * account where Emarsys support enabled them; by default only dates are taken, as Emarsys documents.
         */
        public Builder changesDateTime(boolean changesDateTime) {
            this.changesDateTime = changesDateTime;
            return this;
        }

        public Builder journalCapacity(int journalCapacity) {
            if (journalCapacity < 1) {
                throw new IllegalArgumentException("journalCapacity must be >= 1, was " + journalCapacity);
            }
            this.journalCapacity = journalCapacity;
            return this;
        }

        /**
         * Adds a WSSE API user to the account, with its own rate budget (the same limit as every user). The name
         * goes into an X-WSSE header between quotes: letters, digits and {@code . _ @ -} only.
         */
        public Builder user(String name, String secret) {
            add("user", extraUsers, name, secret);
            return this;
        }

        /** Adds an OAuth2 client to the account, with its own rate budget. Letters, digits and {@code . _ @ -}. */
        public Builder oauthClient(String clientId, String clientSecret) {
            add("OAuth2 client", extraOAuthClients, clientId, clientSecret);
            return this;
        }

        public SimulatorConfig build() {
            if (extraUsers.containsKey(username)) {
                throw new IllegalArgumentException("user '" + username + "' is both the primary user (--username) and "
                        + "an extra one (--users); give the extra user another name");
            }
            if (extraOAuthClients.containsKey(clientId)) {
                throw new IllegalArgumentException("OAuth2 client '" + clientId + "' is both the primary client (--client-id) "
                        + "and an extra one (--oauth-clients); give the extra client another id");
            }
            return new SimulatorConfig(this);
        }

        private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]+");

        private static void add(String kind, Map<String, String> users, String name, String secret) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(kind + " name '" + name + "' may hold only letters, digits and "
                        + ". _ @ -");
            }
            requireText(kind + " '" + name + "' secret", secret);
            if (users.putIfAbsent(name, secret) != null) {
                throw new IllegalArgumentException(kind + " '" + name + "' is given twice; give each one once");
            }
        }

        private static String requireText(String name, String value) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }

        private static Duration requirePositive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
            }
            return value;
        }

        private static Duration requireNonNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or positive, was " + value);
            }
            return value;
        }
    }
}
