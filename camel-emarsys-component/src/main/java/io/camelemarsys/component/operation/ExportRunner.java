package io.camelemarsys.component.operation;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.internal.Envelope;
import io.camelemarsys.component.internal.Poller;

/**
 * The asynchronous export flow: start, wait until done (an identical export already running, 400 / 4001, is waited
 * for instead of started twice), then download pages of the CSV.
 */
final class ExportRunner {

    static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
    private static final Logger LOG = LoggerFactory.getLogger(ExportRunner.class);
    private static final Pattern EXPORT_ID = Pattern.compile("(?i)export(?:\\s+id)?\\D{0,3}(\\d+)");
    private static final DateTimeFormatter EMARSYS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /** What a finished export told: its id, final status and creation time in UTC. */
    record Finished(String exportId, String status, Instant created) {
    }

    private final OperationContext context;

    ExportRunner(OperationContext context) {
        this.context = context;
    }

    /** Starts an export and returns its id; on 4001 the id of the identical running export. */
    String start(String path, Map<String, Object> body) throws EmarsysApiException {
        Poller poller = new Poller("export start " + path, context.config().getPollInterval(),
                context.config().getPollTimeout());
        while (true) {
            try {
                Envelope reply = context.client().call("POST", path, body);
                return reply.data().path("id").asText();
            } catch (EmarsysApiException e) {
                if (e.getReplyCode() != 4001) {
                    throw e;
                }
                Matcher running = EXPORT_ID.matcher(e.getReplyText());
                if (running.find()) {
                    LOG.info("An identical export is already running (id {}); waiting for it instead", running.group(1));
                    return running.group(1);
                }
                poller.pause(); // the running export's id is unknown: wait for it to end, then start ours
            }
        }
    }

    /** Polls {@code GET /export/{id}} until done; error or timeout fail. */
    Finished await(String exportId) throws EmarsysApiException {
        Poller poller = new Poller("export " + exportId, context.config().getPollInterval(),
                context.config().getPollTimeout());
        long lastLog = System.nanoTime();
        while (true) {
            JsonNode status = context.client().call("GET", "/export/" + exportId, null).data();
            String state = status.path("status").asText();
            if ("done".equals(state)) {
                LOG.info("Export {} done after {} ms", exportId, poller.elapsedMillis());
                return new Finished(exportId, state, viennaToUtc(status.path("created").asText(null)));
            }
            if ("error".equals(state)) {
                throw new EmarsysApiException("export " + exportId, 200, -1, "Emarsys reports the export failed");
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) { // a long export is never silent
                LOG.info("Export {} is {} after {} ms", exportId, state, poller.elapsedMillis());
                lastLog = System.nanoTime();
            }
            poller.pause();
        }
    }

    /** Rows {@code [offset, offset + limit)} of a finished export, as an open CSV stream. */
    InputStream page(String exportId, long offset, int limit) throws EmarsysApiException {
        return context.client().download("/export/" + exportId + "/data?offset=" + offset + "&limit=" + limit);
    }

    /** Emarsys prints {@code YYYY-MM-DD HH:MM:SS} in Vienna time (CET / CEST). */
    static Instant viennaToUtc(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim(), EMARSYS_TIME).atZone(VIENNA).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
