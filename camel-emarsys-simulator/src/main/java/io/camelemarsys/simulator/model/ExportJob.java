package io.camelemarsys.simulator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An asynchronous export. Its state follows from the time alone: {@code scheduled} for the first third of the
 * configured delay, {@code in progress} until the delay is over, then {@code done}; {@code error} when failed through
 * the control API. The rows are the contact ids fixed at the start; their values are read when downloaded.
 */
public final class ExportJob {

    public enum Kind {
        SEGMENT("filter"), CONTACT_LIST("contactlist"), CHANGES("contact_changes");

        private final String apiName;

        Kind(String apiName) {
            this.apiName = apiName;
        }

        public String apiName() {
            return apiName;
        }
    }

    private final long id;
    private final Kind kind;
    private final String fingerprint;
    private final Instant startedAt;
    private final Duration delay;
    private final String created;
    private final List<Field> fields;
    private final long[] contactIds;
    private final String language;
    private final char delimiter;
    private final boolean header;
    private final String distributionMethod;
    private volatile boolean failed;
    private volatile boolean expired;

    public ExportJob(long id, Kind kind, String fingerprint, Instant startedAt, Duration delay, String created,
                     List<Field> fields, long[] contactIds, String language, char delimiter, boolean header,
                     String distributionMethod) {
        this.id = id;
        this.kind = kind;
        this.fingerprint = fingerprint;
        this.startedAt = startedAt;
        this.delay = delay;
        this.created = created;
        this.fields = List.copyOf(fields);
        this.contactIds = contactIds;
        this.language = language;
        this.delimiter = delimiter;
        this.header = header;
        this.distributionMethod = distributionMethod;
    }

    public String status(Instant now) {
        if (failed) {
            return "error";
        }
        Duration elapsed = Duration.between(startedAt, now);
        if (elapsed.compareTo(delay) >= 0) {
            return "done";
        }
        return elapsed.compareTo(delay.dividedBy(3)) < 0 ? "scheduled" : "in progress";
    }

    public boolean running(Instant now) {
        String status = status(now);
        return "scheduled".equals(status) || "in progress".equals(status);
    }

    public Instant doneAt() {
        return startedAt.plus(delay);
    }

    public String fileName() {
        return kind.apiName() + "_export_" + id + ".csv";
    }

    public long id() {
        return id;
    }

    public Kind kind() {
        return kind;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String created() {
        return created;
    }

    public List<Field> fields() {
        return fields;
    }

    public long[] contactIds() {
        return contactIds;
    }

    public String language() {
        return language;
    }

    public char delimiter() {
        return delimiter;
    }

    public boolean header() {
        return header;
    }

    public boolean local() {
        return "local".equals(distributionMethod);
    }

    /** Changes exports start each row with the contact's internal id, as Emarsys' {@code user_id} column. */
    public boolean prependUserId() {
        return kind == Kind.CHANGES;
    }

    public boolean expired() {
        return expired;
    }

    public void expire() {
        expired = true;
    }

    public void fail() {
        failed = true;
    }
}
