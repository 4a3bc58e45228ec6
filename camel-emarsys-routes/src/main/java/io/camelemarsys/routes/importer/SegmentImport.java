package io.camelemarsys.routes.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.export.ExportRows;
import io.camelemarsys.routes.JdbcStateRepository;
import io.camelemarsys.routes.cluster.LeaseLostException;

/**
 * The state and the data steps of one segment import (the route template {@code emarsys-segment-import} holds the
 * flow): for each source (segment or contact list) a full export the first time and every {@code fullEvery},
 * otherwise only the contacts changed since the last run (less an overlap) that are still members; rows stitched into
 * profiles a chunk at a time; each chunk's new and changed profiles published right after its commit, and the
 * profile's latest opt-in written back to every contact of the profile that differs. Only the instance that leads the
 * import runs it, and its writes to the store, to Kafka and back to Emarsys each pass the fence of that leadership.
 * <p>
 * The bean is the policy of the import's route: when the route is set up it joins the import's leadership (the
 * store's lease unless the context has a cluster service), binds the leader-only route policy of the schedule and the
 * run at start, the gauges and the health check, and binds itself (for the app's status line) as
 * {@link ImportName#beanName()}. With no segment and no list it is off: it says so, and runs nothing. The template's
 * parameters are set on it and parsed by {@link ImportParameters}.
 */
public final class SegmentImport extends RoutePolicySupport {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentImport.class);
    /** The run, an {@link ImportRun}, while the import's route runs. */
    static final String RUN = "CamelEmarsysImportRun";
    /** Header: {@code true} runs only the sources whose last run is overdue or unfinished (the run at start). */
    public static final String OVERDUE_ONLY = "CamelEmarsysImportOverdueOnly";
    /** The profiles of the batch being published, and the profiles its opt-in write-back changed. */
    static final String SAVED = "CamelEmarsysImportSaved";
    static final String REWRITTEN = "CamelEmarsysImportRewritten";
    /** Rows stitched and saved per transaction: few statements per row, little memory whatever the segment's size. */
    static final int CHUNK_ROWS = 5000;
    private static final long PROGRESS_NANOS = 10_000_000_000L;

    private ImportName name = new ImportName(ImportName.APP);
    /** The template's parameters, parsed when the route is set up. */
    private final ImportParameters parameters = new ImportParameters();

    private ImportSettings settings;
    private DataSource store;
    private StateRepository<String, String> state;
    private Supplier<ImportFence> leadership;
    /** One run at a time in this instance (the scheduled run, the run at start and a run on request may meet). */
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile String lastStatus = "never run";
    /** Progress of the current (or last) run, read by the Micrometer gauges. */
    private final AtomicLong rowsRead = new AtomicLong();
    private final AtomicLong profilesMerged = new AtomicLong();
    private final AtomicLong rowsPerSecond = new AtomicLong();
    private final AtomicLong secondsLeft = new AtomicLong();
    private java.util.concurrent.ExecutorService preparing;

    /** A bean the route template configures with its parameters. */
    public SegmentImport() {
    }

    // --- set up with the route

    @Override
    public void onInit(Route route) {
        CamelContext context = route.getCamelContext();
        settings = parameters.settings();
        if (settings == null) {
            LOG.warn("The segment import is off: set emarsys.import.segments (or emarsys.import.lists) to import"
                    + (ImportName.APP.equals(name.name()) ? "" : " (the template's segments or lists, import " + name + ")"));
            // the schedule and the run at start stay stopped
            context.getRegistry().bind(name.leaderOnlyPolicy(), RoutePolicy.class, new StaysStopped());
            return;
        }
        try {
            // the profiles and the watermarks in the store, so that an instance on another host resumes from them
            store = parameters.dataSource(context, name);
            state = new JdbcStateRepository(store);
            ServiceHelper.startService(state);
            Duration lease = parameters.lease();
            Duration renew = parameters.leaseRenew();
            ImportLeadership lead = ImportLeadership.in(context, name, store, lease, renew);
            leadership = lead.fences();
            // the schedule and the run at start run on the import's leader only; the run at start also starts when
            // this instance takes the leadership over, and resumes an unfinished run
            context.getRegistry().bind(name.leaderOnlyPolicy(), RoutePolicy.class, lead.routePolicy(context));
            context.getRegistry().bind(name.beanName(), this);
            // one thread that prepares the next chunk while a chunk is stitched (runs of one import never overlap)
            preparing = context.getExecutorServiceManager().newSingleThreadExecutor(this, "EmarsysImportPrepare-" + name.name());
            MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                bindMetrics(meters);
                lead.bindMetrics(meters);
            }
            lead.registerHealthCheck(context);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("The segment import " + name + " cannot join its leadership: " + e.getMessage(), e);
        }
    }

    /** "never run", "running ..." or the last run's summary: for the app's status line. */
    public String status() {
        return lastStatus;
    }

    /**
     * Registers the progress as gauges ({@code emarsys.import.rows}, {@code .merges}, {@code .rows.per.second},
     * {@code .seconds.left}, tagged with the import's name) in a Micrometer registry, such as the one camel-micrometer
     * binds.
     */
    public void bindMetrics(MeterRegistry registry) {
        Tags tags = Tags.of("import", name.name());
        registry.gauge("emarsys.import.rows", tags, rowsRead);
        registry.gauge("emarsys.import.merges", tags, profilesMerged);
        registry.gauge("emarsys.import.rows.per.second", tags, rowsPerSecond);
        registry.gauge("emarsys.import.seconds.left", tags, secondsLeft);
    }

    // --- the steps of the import's route

    /**
     * Whether this instance runs the import now: it must lead the import and not run it already. When it does, the
     * run (the sources due, the fence of this leadership) is in the exchange property {@value #RUN}; with
     * {@value #OVERDUE_ONLY} only the sources whose last run is older than the interval, or never finished, are due.
     */
    public boolean claim(Exchange exchange) throws Exception {
        if (settings == null) {
            LOG.info("The segment import {} is off (no segment and no list); nothing runs", name);
            return false;
        }
        if (!running.compareAndSet(false, true)) {
            LOG.info("An import runs in this instance already; this request skips");
            return false;
        }
        try {
            ImportFence fence = leadership.get();
            try (Connection connection = store.getConnection()) {
                fence.verify(connection);
            } catch (LeaseLostException e) {
                LOG.info("The import runs on its leader only; this instance skips: {}", e.getMessage());
                running.set(false);
                return false;
            }
            boolean overdueOnly = Boolean.TRUE.equals(exchange.getMessage().getHeader(OVERDUE_ONLY, Boolean.class));
            List<String> due = new ArrayList<>();
            for (String source : settings.sources()) {
                if (overdueOnly && !overdue(source)) {
                    lastStatus = "ran at " + state.getState(key(source, "lastRun")) + " (in the state of an earlier "
                            + "start); not overdue";
                    LOG.info("Import of {} {}", source, lastStatus);
                } else {
                    due.add(source);
                }
            }
            exchange.setProperty(RUN, new ImportRun(fence, due));
            return true;
        } catch (Exception | Error e) {
            running.set(false);
            throw e;
        }
    }

    /** The sources of the run, in order. */
    public List<String> sources(Exchange exchange) {
        return run(exchange).sources;
    }

    /**
     * Starts the source in the body: full or changes run (the exchange properties {@code CamelEmarsysImportFull} and
     * {@code CamelEmarsysImportList} steer the route), the segment or list id header, and the since header of a
     * changes run.
     */
    public void startSource(Exchange exchange) {
        ImportRun run = run(exchange);
        String source = exchange.getMessage().getBody(String.class);
        Instant started = Instant.now();
        run.startSource(source, started);
        if (unfinished(source)) {
            LOG.info("Import of {}: the run started at {} did not finish; this run resumes it", source,
                    state.getState(key(source, "runStarted")));
        }
        String lastFull = state.getState(key(source, "lastFull"));
        String lastRun = state.getState(key(source, "lastRun"));
        run.full = lastFull == null || lastFull.isBlank() || lastRun == null
                || Instant.parse(lastFull).plus(settings.fullEvery()).isBefore(started);
        Message message = exchange.getMessage();
        message.setHeader(run.list ? EmarsysConstants.LIST_ID : EmarsysConstants.SEGMENT_ID, run.id);
        if (!run.full) {
            message.setHeader(EmarsysConstants.SINCE, Instant.parse(lastRun).minus(settings.overlap()).toString());
        }
        exchange.setProperty("CamelEmarsysImportFull", run.full);
        exchange.setProperty("CamelEmarsysImportList", run.list);
    }

    /**
     * The members of a changes run's source (the body, an iterator of contact ids): only their changes are kept. They
     * go to the store as the iterator yields them (on the run's connection, replacing the import's earlier members),
     * so that a segment of any size costs no heap; their number is the run's total, for the time-left estimate.
     */
    public void members(Exchange exchange) throws SQLException {
        ImportRun run = run(exchange);
        Iterator<?> ids = exchange.getMessage().getBody(Iterator.class);
        // a thousand ids per look-up, as the profile keys: with five thousand, PostgreSQL's planner scans every member
        run.members = new ImportMembers(connection(run), name, ProfileStore.IN_LIST);
        run.total = run.members.replace(ids, run.fence);
        LOG.info("Import of {}: {} members in the store", run.source, run.total);
    }

    /** The source's size (the body, as Emarsys counted it), for the time-left estimate. */
    public void counted(Exchange exchange) {
        Object count = exchange.getMessage().getBody();
        if (count instanceof com.fasterxml.jackson.databind.JsonNode node) {
            count = node.isNumber() ? node.longValue() : node.path("count").asLong(0);
        }
        Long total = count instanceof Number n ? Long.valueOf(n.longValue())
                : exchange.getContext().getTypeConverter().tryConvertTo(Long.class, exchange, count);
        run(exchange).total = total == null ? 0 : total; // no count: no estimate this run
    }

    /**
     * Before the export: the run's store connection, checked by the fence; the run's start in the shared state (a
     * leader that takes over finds the run unfinished and runs it again: the profiles stored and published so far
     * are unchanged then, so they are neither stored nor published twice).
     */
    public void openStore(Exchange exchange) throws Exception {
        ImportRun run = run(exchange);
        lastStatus = "running " + (run.full ? "full" : "changes") + " import of " + run.source;
        LOG.info("Import of {}: {} run", run.source, run.full ? "full" : "changes");
        connection(run);
        run.verifyFence();
        state.setState(key(run.source, "runStarted"), run.started.toString());
        // each chunk is one transaction, checked by the fence just before it commits
        run.store = new ProfileStore(run.connection, run.fence, key("profiles", "pending"));
        // a chunk an earlier run saved and did not publish: its profiles due one by one, before this run saves any
        run.store.recoverPending();
        run.stitcher = new Stitcher(run.store, new ContactKeys(settings.phoneRegion()));
    }

    /** The export's rows (the body) in chunks of {@value #CHUNK_ROWS}, read as the split asks; the rows are closed with the run. */
    public Iterator<Stitcher.Prepared> chunks(Exchange exchange) {
        ImportRun run = run(exchange);
        run.rows = exchange.getMessage().getBody(ExportRows.class);
        if (run.rows == null) {
            throw new IllegalStateException("The export of " + run.source + " gave no rows (body "
                    + exchange.getMessage().getBody() + "): the emarsys export step must use outputType rows");
        }
        run.chunks = new RowChunks(run.rows, CHUNK_ROWS, run.members, settings.emailField());
        Stitcher stitcher = run.stitcher;
        return new PreparedAhead(run.chunks, rows -> stitcher.prepare(rows, settings.emailField(), settings.phoneFields()),
                preparing);
    }

    /** Stitches a chunk of rows (the body, prepared) and saves it in one transaction; returns the profiles it saved. */
    public List<ProfileStore.Stored> stitch(Exchange exchange) {
        ImportRun run = run(exchange);
        Stitcher.Prepared chunk = exchange.getMessage().getBody(Stitcher.Prepared.class);
        List<ProfileStore.Stored> saved = run.stitcher.addAll(run.result, chunk, settings.optInField());
        rowsRead.set(run.result.rows); // the rows gauge is live, not only at each 10 s progress line
        if (System.nanoTime() - run.lastLog > PROGRESS_NANOS) {
            run.lastLog = System.nanoTime();
            progress(run);
        }
        return saved;
    }

    /**
     * The opt-in write-back of the profiles in the body (none when writeBackOptIn is off): the contact updates, and in
     * {@value #REWRITTEN} the profiles whose record of their contacts' opt-ins changed. The body's profiles are kept
     * in {@value #SAVED}.
     */
    public List<Map<String, Object>> optInUpdates(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<ProfileStore.Stored> saved = exchange.getMessage().getBody(List.class);
        exchange.setProperty(SAVED, saved);
        ProfilePublishing.WriteBack writeBack = settings.writeBackOptIn()
                ? ProfilePublishing.optInWriteBack(saved, settings.emailField(), settings.optInField())
                : new ProfilePublishing.WriteBack(List.of(), List.of());
        exchange.setProperty(REWRITTEN, writeBack.rewritten());
        return writeBack.updates();
    }

    /** The profiles in {@value #SAVED} as Kafka messages, keyed by profile id. */
    public List<Message> messages(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<ProfileStore.Stored> saved = exchange.getProperty(SAVED, List.class);
        @SuppressWarnings("unchecked")
        List<Profile> rewritten = exchange.getProperty(REWRITTEN, List.class);
        return ProfilePublishing.messages(saved, rewritten, exchange.getContext());
    }

    /** Before each write outside the store (Kafka, Emarsys): fails once this instance no longer leads the import. */
    public void checkFence(Exchange exchange) throws Exception {
        run(exchange).verifyFence();
    }

    /** After the batch was sent: its profiles are marked published, the rewritten ones saved as published. */
    public void markPublished(Exchange exchange, List<Map<String, Object>> optInUpdates) {
        ImportRun run = run(exchange);
        @SuppressWarnings("unchecked")
        List<ProfileStore.Stored> saved = exchange.getProperty(SAVED, List.class);
        @SuppressWarnings("unchecked")
        List<Profile> rewritten = exchange.getProperty(REWRITTEN, List.class);
        run.store.markPublished(saved, rewritten);
        run.published += saved.size();
        run.optInsWritten += optInUpdates.size();
    }

    /** After the last chunk: the progress line, then the profiles an earlier run left unpublished, a page at a time. */
    public Iterator<List<ProfileStore.Stored>> unpublishedPages(Exchange exchange) throws Exception {
        ImportRun run = run(exchange);
        progress(run);
        run.verifyFence(); // before any profile is read to be published
        return new UnpublishedPages(run.store);
    }

    /** The source is done: its watermarks, the summary for the status line, its resources given back. */
    public void finish(Exchange exchange) throws Exception {
        ImportRun run = run(exchange);
        run.verifyFence();
        state.setState(key(run.source, "lastRun"), run.started.toString());
        if (run.full) {
            state.setState(key(run.source, "lastFull"), run.started.toString());
        }
        state.setState(key(run.source, "runStarted"), "");
        lastStatus = String.format("%s %s import of %s: %d rows, %d profiles published, %d merged, %d opt-ins written",
                run.started, run.full ? "full" : "changes", run.source, run.result.rows, run.published,
                run.result.merges, run.optInsWritten);
        LOG.info("Import done: {} ({} rows of other contacts skipped)", lastStatus,
                run.chunks == null ? 0 : run.chunks.skipped());
        run.closeSource();
    }

    /** The run stopped because this instance lost the import's leadership: it writes nothing more. */
    public void leaseLost(Exchange exchange) {
        Exception caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String source = run(exchange).source;
        String reason = caught == null ? "the lease was lost" : leaseLostIn(caught);
        lastStatus = "import of " + source + " stopped: this instance lost the import's leadership";
        LOG.warn("The import of {} stops and writes nothing more: {}. The instance that leads now resumes "
                + "the run from the store's state.", source, reason);
    }

    private static String leaseLostIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LeaseLostException lost) {
                return lost.getMessage();
            }
        }
        return e.getMessage();
    }

    /** The end of a run, whatever its outcome: the rows, the store and its connection closed; the next run may start. */
    public void release(Exchange exchange) {
        try {
            ImportRun run = exchange.getProperty(RUN, ImportRun.class);
            if (run != null) {
                run.closeSource();
            }
        } finally {
            running.set(false);
        }
    }

    /** The run's store connection, opened by the first step that needs it (the members of a changes run, or the store). */
    private Connection connection(ImportRun run) throws SQLException {
        if (run.connection == null) {
            run.connection = store.getConnection();
        }
        return run.connection;
    }

    private static ImportRun run(Exchange exchange) {
        ImportRun run = exchange.getProperty(RUN, ImportRun.class);
        if (run == null) {
            throw new IllegalStateException("No import run on this exchange: the step belongs in the route of the "
                    + "emarsys-segment-import template, after its claim");
        }
        return run;
    }

    private String key(String source, String what) {
        return name.stateKey(source, what);
    }

    private boolean overdue(String source) {
        String last = state.getState(key(source, "lastRun"));
        return last == null || last.isBlank() || unfinished(source)
                || Instant.parse(last).plus(settings.interval()).isBefore(Instant.now());
    }

    /** A run of the source started (its start is in the shared state) and did not finish. */
    private boolean unfinished(String source) {
        String started = state.getState(key(source, "runStarted"));
        return started != null && !started.isBlank();
    }

    /** Rows, merges, rows per second and, when the number of members is known, the time left. */
    private void progress(ImportRun run) {
        Stitcher.Result result = run.result;
        long total = run.total;
        double seconds = Math.max(0.001, Duration.between(run.started, Instant.now()).toMillis() / 1000.0);
        double rate = result.rows / seconds;
        rowsRead.set(result.rows);
        profilesMerged.set(result.merges);
        rowsPerSecond.set(Math.round(rate));
        secondsLeft.set(total > result.rows && rate > 0 ? (long) ((total - result.rows) / rate) : 0);
        String left = total > result.rows && rate > 0
                ? ", about " + Duration.ofSeconds((long) ((total - result.rows) / rate)).toString().substring(2).toLowerCase()
                        + " left" : "";
        lastStatus = String.format("running import of %s: %d of %s rows, %d merged, %.0f rows/s%s", run.source,
                result.rows, total > 0 ? Long.toString(total) : "?", result.merges, rate, left);
        LOG.info(lastStatus);
    }

    /** The policy of the schedule and the run at start of an import that is off: their routes never start. */
    private static final class StaysStopped extends RoutePolicySupport {
        @Override
        public void onInit(Route route) {
            route.setAutoStartup(false);
        }
    }

    // --- the template's parameters

    public void setName(String name) {
        this.name = new ImportName(name);
    }

    public void setSegments(String segments) {
        parameters.segments = segments;
    }

    public void setLists(String lists) {
        parameters.lists = lists;
    }

    public void setFields(String fields) {
        parameters.fields = fields;
    }

    public void setEmailField(String emailField) {
        parameters.emailField = emailField;
    }

    public void setPhoneFields(String phoneFields) {
        parameters.phoneFields = phoneFields;
    }

    public void setOptInField(String optInField) {
        parameters.optInField = optInField;
    }

    public void setIntervalHours(long intervalHours) {
        parameters.intervalHours = intervalHours;
    }

    public void setFullEveryHours(long fullEveryHours) {
        parameters.fullEveryHours = fullEveryHours;
    }

    public void setOverlapMinutes(long overlapMinutes) {
        parameters.overlapMinutes = overlapMinutes;
    }

    public void setPhoneRegion(String phoneRegion) {
        parameters.phoneRegion = phoneRegion;
    }

    public void setProfilesTopic(String profilesTopic) {
        parameters.profilesTopic = profilesTopic;
    }

    public void setWriteBackOptIn(boolean writeBackOptIn) {
        parameters.writeBackOptIn = writeBackOptIn;
    }

    public void setDataSource(String dataSource) {
        parameters.dataSource = dataSource;
    }

    public void setLeaseSeconds(String leaseSeconds) {
        parameters.leaseSeconds = leaseSeconds;
    }

    public void setLeaseRenewSeconds(String leaseRenewSeconds) {
        parameters.leaseRenewSeconds = leaseRenewSeconds;
    }

    @Override
    public String toString() {
        return "SegmentImport[" + name + "]";
    }
}
