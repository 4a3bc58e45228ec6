package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.spi.StateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.operation.ExportRows;
import io.camelemarsys.routes.cluster.LeaseLostException;

/**
 * The segment import: for each configured segment (or contact list) a full export the first time and every
 * {@code fullEvery}, otherwise only the contacts changed since the last run (less an overlap) that are still
 * members; rows stitched into profiles; new and changed profiles published to Kafka; the profile's latest opt-in
 * written back to every contact of the profile that differs. Only the instance that leads the import runs it, and
 * its writes to the store, to Kafka and back to Emarsys each pass the fence of that leadership first.
 */
public final class SegmentImport {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentImport.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImportSettings settings;
    private final DataSource dataSource;
    private final StateRepository<String, String> state;
    private final Supplier<ImportFence> leadership;
    /** One run at a time in this instance (the quartz run, the run at start and a run on request may meet). */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String lastStatus = "never run";
    /** Progress of the current (or last) run, read by the Micrometer gauges. */
    private final java.util.concurrent.atomic.AtomicLong rowsRead = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong profilesMerged = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong rowsPerSecond = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong secondsLeft = new java.util.concurrent.atomic.AtomicLong();

    /**
     * @param dataSource the store of the profiles ({@link io.camelemarsys.routes.EmarsysStore}); a connection is taken
     *              from it for each run and given back at its end
     * @param state where the watermarks of each source are kept, such as a {@link io.camelemarsys.routes.JdbcStateRepository} (started here)
     * @param leadership the fence of a run, bound to the leadership this instance holds when the run starts: it fails
     *              on an instance that does not lead the import, or no longer leads it with the same fencing token
     */
    public SegmentImport(ImportSettings settings, DataSource dataSource, StateRepository<String, String> state,
                         Supplier<ImportFence> leadership) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.state = state;
        this.leadership = leadership;
        org.apache.camel.support.service.ServiceHelper.startService(state);
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
        runAsLeader(context, false);
    }

    /**
     * When this instance starts, or takes the leadership over: runs each source whose last run is older than the
     * interval (or that never ran), and each source whose run started and did not finish (its leader died or lost the
     * lease), whatever the interval.
     */
    public void runIfOverdue(CamelContext context) throws Exception {
        runAsLeader(context, true);
    }

    private void runAsLeader(CamelContext context, boolean onlyIfOverdue) throws Exception {
        if (!running.compareAndSet(false, true)) {
            LOG.info("An import runs in this instance already; this request skips");
            return;
        }
        try {
            ImportFence fence = leadership.get();
            try (Connection connection = dataSource.getConnection()) {
                fence.verify(connection);
            } catch (LeaseLostException e) {
                LOG.info("The import runs on its leader only; this instance skips: {}", e.getMessage());
                return;
            }
            for (String source : settings.sources()) {
                if (onlyIfOverdue && !overdue(source)) {
                    lastStatus = "ran at " + state.getState(source + ".lastRun") + " (in the state of an earlier "
                            + "start); not overdue";
                    LOG.info("Import of {} {}", source, lastStatus);
                    continue;
                }
                try {
                    importSource(context, source, fence);
                } catch (Exception e) {
                    LeaseLostException lost = leaseLost(e);
                    if (lost == null) {
                        throw e;
                    }
                    lastStatus = "import of " + source + " stopped: this instance lost the import's leadership";
                    LOG.warn("The import of {} stops and writes nothing more: {}. The instance that leads now resumes "
                            + "the run from the store's state.", source, lost.getMessage());
                    return;
                }
            }
        } finally {
            running.set(false);
        }
    }

    private static LeaseLostException leaseLost(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LeaseLostException lost) {
                return lost;
            }
        }
        return null;
    }

    private boolean overdue(String source) {
        String last = state.getState(source + ".lastRun");
        return last == null || last.isBlank() || unfinished(source)
                || Instant.parse(last).plus(settings.interval()).isBefore(Instant.now());
    }

    /** A run of the source started (its start is in the shared state) and did not finish. */
    private boolean unfinished(String source) {
        String started = state.getState(source + ".runStarted");
        return started != null && !started.isBlank();
    }

    @SuppressWarnings("unchecked")
    void importSource(CamelContext context, String source, ImportFence fence) throws Exception {
        Instant started = Instant.now();
        if (unfinished(source)) {
            LOG.info("Import of {}: the run started at {} did not finish; this run resumes it", source,
                    state.getState(source + ".runStarted"));
        }
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
        // one connection of the store's pool for the whole run, given back at its end
        try (Connection connection = dataSource.getConnection()) {
            fence.verify(connection);
            // in the shared state: a leader that takes over finds this run unfinished and runs it again (the profiles
            // stored and published so far are unchanged then, so they are neither stored nor published twice)
            state.setState(source + ".runStarted", started.toString());
            ProfileStore store = new ProfileStore(connection);
            Stitcher stitcher = new Stitcher(store, new ContactKeys(settings.phoneRegion()));
            Stitcher.Result result = new Stitcher.Result();
            long skipped = 0;
            long lastLog = System.nanoTime();
            try (ExportRows rows = template.requestBodyAndHeaders(uri + (uri.contains("?") ? "&" : "?") + "fields=" + fields,
                    null, headers, ExportRows.class)) {
                while (rows.hasNext()) {
                    Map<String, Object> row = rows.next();
                    if (members != null && !members.contains(String.valueOf(row.get("id")))) {
                        skipped++;
                        continue;
                    }
                    String email = ContactKeys.email(row.get(settings.emailField()));
                    row.remove("id");
                    stitcher.add(result, email, row, settings.emailField(), settings.phoneFields(), settings.optInField());
                    rowsRead.set(result.rows); // the rows gauge is live, not only at each 10 s progress line
                    if (System.nanoTime() - lastLog > 10_000_000_000L) {
                        lastLog = System.nanoTime();
                        progress(source, result, started, total);
                    }
                }
            }
            progress(source, result, started, total);
            int[] counts = publish(template, store, () -> fence.verify(connection));
            fence.verify(connection);
            state.setState(source + ".lastRun", started.toString());
            if (full) {
                state.setState(source + ".lastFull", started.toString());
            }
            state.setState(source + ".runStarted", "");
            lastStatus = String.format("%s %s import of %s: %d rows, %d profiles published, %d merged, %d opt-ins written",
                    started, full ? "full" : "changes", source, result.rows, counts[0], result.merges, counts[1]);
            LOG.info("Import done: {} ({} rows of other contacts skipped)", lastStatus, skipped);
        }
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
     * Publishes every new or changed profile (read with a cursor, sent in chunks of 1000, acks=all) and writes the
     * profile's latest opt-in back to each of its contacts that differs. Returns {published, opt-ins written}.
     */
    private int[] publish(ProducerTemplate template, ProfileStore store, Fence fence) {
        fence.verify(); // before any profile is read to be marked published
        List<org.apache.camel.Message> chunk = new ArrayList<>();
        List<Map<String, Object>> updates = new ArrayList<>();
        List<Profile> rewritten = new ArrayList<>();
        int[] written = {0};
        int published = store.forEachUnpublished(profile -> {
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
            if (chunk.size() == 1000) {
                send(template, chunk, fence);
            }
            if (updates.size() >= 1000) {
                written[0] += updates.size();
                update(template, updates, fence);
            }
        });
        send(template, chunk, fence);
        written[0] += updates.size();
        update(template, updates, fence);
        rewritten.forEach(store::save);
        return new int[] {published, written[0]};
    }

    private void send(ProducerTemplate template, List<org.apache.camel.Message> chunk, Fence fence) {
        if (!chunk.isEmpty()) {
            fence.verify();
            template.sendBody("kafka:" + settings.profilesTopic() + "?requestRequiredAcks=all", new ArrayList<>(chunk));
            chunk.clear();
        }
    }

    private void update(ProducerTemplate template, List<Map<String, Object>> updates, Fence fence) {
        if (!updates.isEmpty()) {
            fence.verify();
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

    /** The run's fence on its store connection, checked before each chunk published and each opt-in write-back. */
    @FunctionalInterface
    private interface Fence {
        void check() throws SQLException;

        default void verify() {
            try {
                check();
            } catch (SQLException e) {
                throw new IllegalStateException("The import may no longer write: " + e.getMessage(), e);
            }
        }
    }
}
