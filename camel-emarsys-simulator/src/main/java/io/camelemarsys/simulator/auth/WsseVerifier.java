package io.camelemarsys.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an {@code X-WSSE} header as Emarsys does: known user, digest over nonce + created + secret, Created within
 * five minutes of the server clock, and a nonce that was never used before.
 */
public final class WsseVerifier {

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    /** Emarsys assumes its own zone for a Created without offset. */
    private static final ZoneId SERVER_ZONE = ZoneId.of("Europe/Vienna");

    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"");

    private static final DateTimeFormatter CREATED = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final Function<String, String> secretOfUser;
    private final Supplier<Instant> serverClock;
    /** nonce -> the instant after which it may be forgotten (its Created can no longer pass the skew check). */
    private final Map<String, Instant> usedNonces = new ConcurrentHashMap<>();

    public WsseVerifier(Function<String, String> secretOfUser, Supplier<Instant> serverClock) {
        this.secretOfUser = secretOfUser;
        this.serverClock = serverClock;
    }

    /** Returns the API user name, or throws {@link AuthFailure}. */
    public String verify(String header) {
        if (header == null || header.isBlank()) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "no X-WSSE header");
        }
        String value = header.trim();
        if (!value.regionMatches(true, 0, "UsernameToken", 0, "UsernameToken".length())) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "X-WSSE must start with 'UsernameToken '");
        }
        // attribute names are matched case-insensitively: the official Postman script sends 'nonce='
        Map<String, String> attributes = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Matcher m = ATTRIBUTE.matcher(value);
        while (m.find()) {
            attributes.put(m.group(1), m.group(2));
        }
        String username = required(attributes, "Username");
        String digest = required(attributes, "PasswordDigest");
        String nonce = required(attributes, "Nonce");
        String created = required(attributes, "Created");

        String secret = secretOfUser.apply(username);
        if (secret == null) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "unknown API user");
        }
        Instant createdAt = parseCreated(created);
        Instant now = serverClock.get();
        if (Duration.between(createdAt, now).abs().compareTo(MAX_SKEW) > 0) {
            throw new AuthFailure(AuthFailure.INVALID_TIME_FRAME,
                    "Created " + created + " is more than 5 minutes away from the server time " + now);
        }
        String expected = Wsse.passwordDigest(nonce, created, secret);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII))) {
            String reason = digest.equals(Wsse.rawBytesDigest(nonce, created, secret))
                    ? "PasswordDigest is Base64 of the raw SHA-1 bytes; Emarsys wants Base64 of the lower-case hex SHA-1"
                    : "PasswordDigest does not match the secret";
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, reason);
        }
        rememberNonce(username + ':' + nonce, now);
        return username;
    }

    private void rememberNonce(String key, Instant now) {
        Instant forgetAfter = now.plus(MAX_SKEW).plus(MAX_SKEW);
        if (usedNonces.putIfAbsent(key, forgetAfter) != null) {
            throw new AuthFailure(AuthFailure.NONCE_USED, "this nonce was already used; build a new header per request");
        }
        if (usedNonces.size() > 10_000) {
            usedNonces.values().removeIf(expiry -> expiry.isBefore(now));
        }
    }

    private static String required(Map<String, String> attributes, String name) {
        String value = attributes.get(name);
        if (value == null || value.isEmpty()) {
            throw new AuthFailure(AuthFailure.INVALID_CREDENTIALS, "X-WSSE has no " + name + " attribute");
        }
        return value;
    }

    static Instant parseCreated(String created) {
        try {
            TemporalAccessor parsed = CREATED.parse(created);
            LocalDateTime local = LocalDateTime.from(parsed);
            if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
                return local.toInstant(java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)));
            }
            return local.atZone(SERVER_ZONE).toInstant();
        } catch (DateTimeParseException e) {
            throw new AuthFailure(AuthFailure.INVALID_TIME_FRAME, "Created '" + created + "' is not ISO 8601");
        }
    }
}
