package io.camelemarsys.component;

import java.io.File;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.StateRepository;
import org.apache.camel.support.ScheduledPollConsumer;
import org.apache.camel.support.processor.state.FileStateRepository;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.export.ExportRows;
import io.camelemarsys.component.operation.Operations;

/**
 * {@code from("emarsys:export/changes?...")}, a scheduled polling consumer: each poll exports the contacts changed in a window and emits one
 * exchange per row. A window runs from the last watermark less {@code overlap} to now (with changesTimeFormat=date,
 * the default, from the midnight of that day, as Emarsys reads whole days); rows of the overlap that were
 * already emitted unchanged are dropped. The window and the rows done in it are kept in a StateRepository after
 * every row, so a restarted consumer resumes where it stopped, neither losing nor repeating rows; a row whose
 * processing fails is retried by the next poll. {@code from("emarsys:export/segment?...")} emits a full snapshot
 * of the segment each poll.
 */
public class EmarsysExportConsumer extends ScheduledPollConsumer {

    public static final String WINDOW_START = EmarsysConstants.WINDOW_START;
    public static final String WINDOW_END = EmarsysConstants.WINDOW_END;
    public static final String ROW_INDEX = EmarsysConstants.ROW_INDEX;

    /** The zone Emarsys reads the dates of a time range in. */
    private static final java.time.ZoneId VIENNA = java.time.ZoneId.of("Europe/Vienna");
    private static final Logger LOG = LoggerFactory.getLogger(EmarsysExportConsumer.class);

    private StateRepository<String, String> state;
    private boolean ownState;
    private String key;

    public EmarsysExportConsumer(EmarsysEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
    }

    @Override
    public EmarsysEndpoint getEndpoint() {
        return (EmarsysEndpoint) super.getEndpoint();
    }

    private boolean changes() {
        return getEndpoint().getOperation() == EmarsysOperation.EXPORT_CHANGES;
    }

    @Override
    protected void doStart() throws Exception {
        EmarsysConfiguration config = getEndpoint().getConfiguration();
        state = config.getStateRepository();
        if (state == null) {
            state = FileStateRepository.fileStateRepository(new File(config.getStateFile()));
            ownState = true;
        }
        ServiceHelper.startService(state);
        key = config.getStateKey() != null ? config.getStateKey()
                : "emarsys." + getEndpoint().getOperation().uriPath() + "|" + config.getFields() + "|"
                        + config.getOrigin() + "|" + config.getOriginId() + "|" + config.getSegmentId();
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        if (ownState) {
            ServiceHelper.stopService(state);
        }
    }

    /** A window: its bounds and how many of its rows are done. */
    private record Window(Instant start, Instant end, long rowsDone) {
        String encode() {
            return start + "|" + end + "|" + rowsDone;
        }

        static Window decode(String text) {
            String[] parts = text.split("\\|");
            return new Window(Instant.parse(parts[0]), Instant.parse(parts[1]), Long.parseLong(parts[2]));
        }
    }

    @Override
    protected int poll() throws Exception {
        Window window = changes() ? window() : null;
        if (window != null && !window.start().isBefore(window.end())) {
            return 0;
        }
        Exchange request = getEndpoint().createExchange();
        if (window != null) {
            request.getMessage().setHeader(EmarsysConstants.SINCE, window.start().toString());
            request.getMessage().setHeader(EmarsysConstants.UNTIL, window.end().toString());
            state.setState(key + ".window", window.encode());
        }
        Operations.create(getEndpoint().getOperation(), getEndpoint().operationContext()).execute(request);
        forceConsumerAsReady();
        long[] previous = window == null ? new long[0] : seen();
        long[] current = new long[1024];
        int count = 0;
        int emitted = 0;
        long index = 0;
        try (ExportRows rows = request.getMessage().getBody(ExportRows.class)) {
            while (rows.hasNext()) {
                if (!isRunAllowed()) {
                    return emitted; // stopping: the window and its progress stay in the state repository
                }
                Map<String, Object> row = rows.next();
                long hash = hash(row);
                if (count == current.length) {
                    current = Arrays.copyOf(current, count * 2);
                }
                current[count++] = hash;
                if (window != null && index < window.rowsDone()) {
                    index++; // emitted before a restart
                    continue;
                }
                if (Arrays.binarySearch(previous, hash) < 0) {
                    Exchange exchange = createExchange(request, row, index, window);
                    getProcessor().process(exchange);
                    if (exchange.getException() != null) {
                        getExceptionHandler().handleException("Processing export row " + index + " failed; the next "
                                + "poll retries it", exchange, exchange.getException());
                        return emitted;
                    }
                    emitted++;
                }
                index++;
                if (window != null) {
                    state.setState(key + ".window", new Window(window.start(), window.end(), index).encode());
                }
            }
        }
        if (window != null) {
            long[] done = Arrays.copyOf(current, count);
            Arrays.sort(done);
            state.setState(key + ".seen", encode(done));
            state.setState(key + ".watermark", window.end().toString());
            state.setState(key + ".window", "");
            LOG.info("Changes window {} to {}: {} rows, {} emitted", window.start(), window.end(), index, emitted);
        }
        return emitted;
    }

    /** The unfinished window, or a new one from the watermark less the overlap (or since) to now. */
    private Window window() {
        String open = state.getState(key + ".window");
        if (open != null && !open.isBlank()) {
            return Window.decode(open);
        }
        EmarsysConfiguration config = getEndpoint().getConfiguration();
        String watermark = state.getState(key + ".watermark");
        Instant start;
        if (watermark != null && !watermark.isBlank()) {
            start = Instant.parse(watermark).minusMillis(config.getOverlap());
        } else if (config.getSince() != null && !config.getSince().isBlank()) {
            start = Instant.parse(config.getSince().length() == 10 ? config.getSince() + "T00:00:00Z" : config.getSince());
        } else {
            start = Instant.now().truncatedTo(ChronoUnit.DAYS);
        }
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if ("date".equals(config.getChangesTimeFormat())) {
            // Emarsys reads whole days: the window starts at the (Vienna) midnight of its first day
            start = start.atZone(VIENNA).truncatedTo(ChronoUnit.DAYS).toInstant();
        }
        return new Window(start.truncatedTo(ChronoUnit.SECONDS), end, 0);
    }

    private Exchange createExchange(Exchange request, Map<String, Object> row, long index, Window window) {
        Exchange exchange = getEndpoint().createExchange();
        exchange.getMessage().setBody(row);
        exchange.getMessage().setHeader(EmarsysConstants.EXPORT_ID, request.getMessage().getHeader(EmarsysConstants.EXPORT_ID));
        // as headers (documented in the catalog) and, as before, as exchange properties
        exchange.getMessage().setHeader(ROW_INDEX, index);
        exchange.setProperty(ROW_INDEX, index);
        if (window != null) {
            exchange.getMessage().setHeader(WINDOW_START, window.start());
            exchange.getMessage().setHeader(WINDOW_END, window.end());
            exchange.setProperty(WINDOW_START, window.start());
            exchange.setProperty(WINDOW_END, window.end());
        }
        return exchange;
    }

    private long[] seen() {
        String text = state.getState(key + ".seen");
        if (text == null || text.isBlank()) {
            return new long[0];
        }
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        long[] hashes = new long[bytes.remaining() / Long.BYTES];
        bytes.asLongBuffer().get(hashes);
        return hashes;
    }

    private static String encode(long[] hashes) {
        ByteBuffer bytes = ByteBuffer.allocate(hashes.length * Long.BYTES);
        bytes.asLongBuffer().put(hashes);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /** A 64-bit hash of a row's keys and values: the same row exported twice hashes the same. */
    private static long hash(Map<String, Object> row) {
        long h = 1125899906842597L;
        for (Map.Entry<String, Object> e : row.entrySet()) {
            String text = e.getKey() + '=' + e.getValue() + ';';
            for (int i = 0; i < text.length(); i++) {
                h = 31 * h + text.charAt(i);
            }
        }
        return h;
    }
}
