package io.camelemarsys.routes.importer;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.operation.ExportRows;

/**
 * The segment import: for each configured segment (or contact list) a full export the first time and every
 * {@code fullEvery}, otherwise only the contacts changed since the last run (less an overlap) that are still
 * members; rows stitched into profiles; new and changed profiles published to Kafka; the profile's latest opt-in
 * written back to every contact of the profile that differs. One instance runs at a time (a file lock).
 */
public final class SegmentImport {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows stitched and saved per transaction: few statements per row, little memory whatever the segment's size. */
    private static final int CHUNK_ROWS = 5000;

    private final ImportSettings settings;
    private final StateRepository<String, String> state;
    private volatile String lastStatus = "never run";
    /** Progress of the current (or last) run, read by the Micrometer gauges. */
    private final java.util.concurrent.atomic.AtomicLong rowsRead = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong profilesMerged = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rowsPerSecond = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong secondsLeft = new java.util.concurrent.atomic.AtomicLong();

    public SegmentImport(ImportSettings settings) {
        this.settings = settings;
        FileStateRepository repository = FileStateRepository.fileStateRepository(new File(settings.stateFile()));
        repository.start();
        this.state = repository;
    }

    /** "idle", "running ..." or the last run's summary: for the app's status line. */
    public String status() {
        return lastStatus;
    }

    /**
     * Registers the progress as gauges ({@code emarsys.import.rows}, {@code .merges}, {@code .rows.per.second},
     * {@code .seconds.left}) in a Micrometer registry, such as the one camel-micrometer binds.
     */
    public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
        registry.gauge("emarsys.import.rows", rowsRead);
        registry.gauge("emarsys.import.merges", profilesMerged);
        registry.gauge("emarsys.import.rows.per.second", rowsPerSecond);
        registry.gauge("emarsys.import.seconds.left", secondsLeft);
    }

    /** The scheduled run. */
    public void run(CamelContext context) throws Exception {
        withLock(context, false);
    }

    /** At start: run only when the last run is older than the interval (or there never was one). */
    public void runIfOverdue(CamelContext context) throws Exception {
        withLock(context, true);
    }

    private void withLock(CamelContext context, boolean onlyIfOverdue) throws Exception {
        File lockFile = new File(settings.lockFile());
        if (lockFile.getParentFile() != null) {
            lockFile.getParentFile().mkdirs();
        }
        try (RandomAccessFile file = new RandomAccessFile(lockFile, "rw"); FileChannel channel = file.getChannel()) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                LOG.info("Another instance runs the import (lock {} is held); this one skips", lockFile);
                return;
            }
            try {
                for (String source : settings.sources()) {
                    if (onlyIfOverdue && !overdue(source)) {
                        lastStatus = "ran at " + state.getState(source + ".lastRun") + " (in the state of an earlier "
                                + "start); not overdue";
                        LOG.info("Import of {} {}", source, lastStatus);
                        continue;
                    }
                    importSource(context, source);
                }
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot use the import lock file " + lockFile + ": " + e.getMessage(), e);
        }
    }

    private boolean overdue(String source) {
        String last = state.getState(source + ".lastRun");
        return last == null || last.isBlank()
                || Instant.parse(last).plus(settings.interval()).isBefore(Instant.now());
    }

    @SuppressWarnings("unchecked")
    void importSource(CamelContext context, String source) throws Exception {
        Instant started = Instant.now();
        String lastFull = state.getState(source + ".lastFull");
        String lastRun = state.getState(source + ".lastRun");
        boolean full = lastFull == null || lastFull.isBlank() || lastRun == null
                || Instant.parse(lastFull).plus(settings.fullEvery()).isBefore(started);
        ProducerTemplate template = context.createProducerTemplate();
        boolean list = source.startsWith("list:");
        String id = source.substring(source.indexOf(':') + 1);
        String fields = settings.exportFields();
        Map<String, Object> headers = new LinkedHashMap<>();
        String uri;
        Set<String> members = null;
        if (full) {
            uri = "emarsys:export/" + (list ? "contactlist?listId=" : "segment?segmentId=") + id;
        } else {
            uri = "emarsys:export/changes";
            headers.put(EmarsysConstants.SINCE, Instant.parse(lastRun).minus(settings.overlap()).toString());
            members = new HashSet<>();
            Iterator<String> ids = template.requestBodyAndHeader(list ? "emarsys:contactlist/members" : "emarsys:segment/members",
                    null, list ? EmarsysConstants.LIST_ID : EmarsysConstants.SEGMENT_ID, id, Iterator.class);
            ids.forEachRemaining(members::add);
        }
        long total = members != null ? members.size() : memberCount(template, list, id);
        lastStatus = "running " + (full ? "full" : "changes") + " import of " + source;
        LOG.info("Import of {}: {} run", source, full ? "full" : "changes");
        ProfileStore store = new ProfileStore(io.camelemarsys.routes.ProfileDatabase.open(settings.jdbcUrl(),
                settings.jdbcUser(), settings.jdbcPassword()), ImportFence.NONE);
        Stitcher stitcher = new Stitcher(store, new ContactKeys(settings.phoneRegion()));
        Stitcher.Result result = new Stitcher.Result();
        long skipped = 0;
        long lastLog = System.nanoTime();
        int[] counts;
        try (store; ExportRows rows = template.requestBodyAndHeaders(uri + (uri.contains("?") ? "&" : "?") + "fields="
                + fields, null, headers, ExportRows.class)) {
            List<Stitcher.Row> chunk = new ArrayList<>(CHUNK_ROWS);
            while (rows.hasNext()) {
                Map<String, Object> row = rows.next();
                if (members != null && !members.contains(String.valueOf(row.get("id")))) {
                    skipped++;
                    continue;
                }
                String email = ContactKeys.email(row.get(settings.emailField()));
                row.remove("id");
                chunk.add(new Stitcher.Row(email, row));
                if (chunk.size() == CHUNK_ROWS) {
                    stitcher.addAll(result, chunk, settings.emailField(), settings.phoneFields(), settings.optInField());
                    chunk.clear();
                }
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    lastLog = System.nanoTime();
                    progress(source, result, started, total);
                }
            }
            stitcher.addAll(result, chunk, settings.emailField(), settings.phoneFields(), settings.optInField());
            progress(source, result, started, total);
            counts = publish(template, store);
        }
        state.setState(source + ".lastRun", started.toString());
        if (full) {
            state.setState(source + ".lastFull", started.toString());
        }
        lastStatus = String.format("%s %s import of %s: %d rows, %d profiles published, %d merged, %d opt-ins written",
                started, full ? "full" : "changes", source, result.rows, counts[0], result.merges, counts[1]);
        LOG.info("Import done: {} ({} rows of other contacts skipped)", lastStatus, skipped);
    }

    /** Rows, merges, rows per second and, when the number of members is known, the time left. */
    private void progress(String source, Stitcher.Result result, Instant started, long total) {
        double seconds = Math.max(0.001, Duration.between(started, Instant.now()).toMillis() / 1000.0);
        double rate = result.rows / seconds;
        rowsRead.set(result.rows);
        profilesMerged.set(result.merges);
        rowsPerSecond.set(Math.round(rate));
        secondsLeft.set(total > result.rows && rate > 0 ? (long) ((total - result.rows) / rate) : 0);
        String left = total > result.rows && rate > 0
                ? ", about " + Duration.ofSeconds((long) ((total - result.rows) / rate)).toString().substring(2).toLowerCase()
                        + " left" : "";
        lastStatus = String.format("running import of %s: %d of %s rows, %d merged, %.0f rows/s%s", source, result.rows,
                total > 0 ? Long.toString(total) : "?", result.merges, rate, left);
        LOG.info(lastStatus);
    }

    /** How many contacts the source holds (for the time-left estimate); 0 when Emarsys cannot tell now. */
    private static long memberCount(ProducerTemplate template, boolean list, String id) {
        try {
            Object count = template.requestBodyAndHeader(list ? "emarsys:contactlist/count"
                    : "emarsys:raw/call?path=/filter/" + id + "/contacts/count", null, EmarsysConstants.LIST_ID, id);
            return count instanceof Number n ? n.longValue() : 0;
        } catch (RuntimeException e) {
            return 0; // a segment still evaluating (202): no estimate this run
        }
    }

    /**
     * Publishes every new or changed profile (read a page at a time, sent in chunks of 1000, acks=all) and writes the
     * profile's latest opt-in back to each of its contacts that differs; a page is marked published once sent. Returns
     * {published, opt-ins written}.
     */
    private int[] publish(ProducerTemplate template, ProfileStore store) {
        int[] written = {0};
        int published = store.forEachUnpublishedPage(1000, page -> {
            List<org.apache.camel.Message> chunk = new ArrayList<>(page.size());
            List<Map<String, Object>> updates = new ArrayList<>();
            List<Profile> rewritten = new ArrayList<>();
            for (Profile profile : page) {
                if (settings.writeBackOptIn() && writeBack(profile, updates)) {
                    rewritten.add(profile);
                }
                org.apache.camel.Message message = new org.apache.camel.support.DefaultMessage(template.getCamelContext());
                message.setHeader(KafkaConstants.KEY, profile.profileId);
                try {
                    message.setBody(JSON.writeValueAsString(profile));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
                chunk.add(message);
            }
            send(template, chunk);
            written[0] += updates.size();
            update(template, updates);
            return rewritten;
        });
        return new int[] {published, written[0]};
    }

    private void send(ProducerTemplate template, List<org.apache.camel.Message> chunk) {
        if (!chunk.isEmpty()) {
            template.sendBody("kafka:" + settings.profilesTopic() + "?requestRequiredAcks=all", new ArrayList<>(chunk));
            chunk.clear();
        }
    }

    private void update(ProducerTemplate template, List<Map<String, Object>> updates) {
        if (!updates.isEmpty()) {
            template.sendBody("emarsys:contact/update?failOnPartialErrors=false&keyField=" + settings.emailField(),
                    new ArrayList<>(updates));
            updates.clear();
        }
    }

    /** Adds the opt-in updates a profile needs; true when the profile's record of its contacts' opt-ins changed. */
    private boolean writeBack(Profile profile, List<Map<String, Object>> updates) {
        if (profile.optIn == null || profile.contacts.size() < 2) {
            return false;
        }
        boolean changed = false;
        for (String contact : profile.contacts) {
            if (!profile.optIn.equals(profile.optIns.get(contact))) {
                Map<String, Object> update = new LinkedHashMap<>();
                update.put(settings.emailField(), contact);
                update.put(settings.optInField(), "True".equalsIgnoreCase(profile.optIn));
                updates.add(update);
                profile.optIns.put(contact, profile.optIn);
                changed = true;
            }
        }
        return changed;
    }
}
