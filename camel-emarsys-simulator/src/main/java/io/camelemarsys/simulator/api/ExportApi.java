package io.camelemarsys.simulator.api;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Json;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.ContactList;
import io.camelemarsys.simulator.model.ExportJob;
import io.camelemarsys.simulator.model.Field;
import io.camelemarsys.simulator.model.Segment;
import io.camelemarsys.simulator.model.ViennaTime;

/**
 * Asynchronous exports: start ({@code /export/filter}, {@code /email/getcontacts}, {@code /contact/getchanges}),
 * poll ({@code /export/{id}}) and download ({@code /export/{id}/data?offset=&limit=}) as CSV streamed row by row.
 */
public final class ExportApi {

    public static final int MAX_FIELDS = 20;
    public static final long MAX_DOWNLOAD_LIMIT = 10_000_000L;
    private static final Set<String> DISTRIBUTION_METHODS = Set.of("local", "ftp", "sftp", "mail");
    private static final Set<String> ORIGINS = Set.of("form", "api", "all");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private final Account account;

    public ExportApi(Account account) {
        this.account = account;
    }

    public void register(Router router) {
        router.post("/export/filter", this::segmentExport)
                .post("/email/getcontacts", this::listExport)
                .post("/contact/getchanges", this::changesExport)
                .get("/export/{exportId}", this::status)
                .get("/export/{exportId}/data", this::download);
    }

    private Response segmentExport(Request request) {
        JsonNode body = request.jsonObject();
        long segmentId = Bodies.requiredLong(body, "filter");
        Segment segment = account.segments().get(segmentId);
        if (segment == null) {
            throw ApiError.notFound(10002, "Segment does not exist: " + segmentId);
        }
        return start(body, ExportJob.Kind.SEGMENT,
                () -> account.segments().members(segment, account.contacts(), account.fields()));
    }

    private Response listExport(Request request) {
        JsonNode body = request.jsonObject();
        long listId = Bodies.requiredLong(body, "contactlist");
        ContactList list = account.lists().get(listId);
        if (list == null) {
            throw ApiError.notFound(3006, "Contact list does not exist: " + listId);
        }
        return start(body, ExportJob.Kind.CONTACT_LIST, list::snapshot);
    }

    private Response changesExport(Request request) {
        JsonNode body = request.jsonObject();
        String origin = Bodies.requiredText(body, "origin");
        if (!ORIGINS.contains(origin)) {
            throw ApiError.badRequest(10001, "Invalid parameter origin '" + origin + "': use form, api or all");
        }
        String originId = Bodies.requiredText(body, "origin_id");
        int sourceId;
        try {
            sourceId = Integer.parseInt(originId.trim());
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(10001, "Invalid parameter origin_id '" + originId + "': use a number, 0 = any");
        }
        JsonNode range = body.get("time_range");
        if (range == null || !range.isArray() || range.size() != 2) {
            throw ApiError.badRequest(10001, "Invalid parameter time_range: send [start, end] as YYYY-MM-DD "
                    + "or YYYY-MM-DD HH:MM:SS (Vienna time)");
        }
        Instant from = rangeBound(range.get(0));
        Instant to = rangeBound(range.get(1));
        if (!from.isBefore(to)) {
            throw ApiError.badRequest(10001, "Invalid parameter time_range: start must be before end");
        }
        // form changes never happen in the simulator: only the API writes contacts
        return start(body, ExportJob.Kind.CHANGES, () -> "form".equals(origin) ? new long[0]
                : account.contacts().changes().changedBetween(from, to, sourceId).stream()
                        .mapToLong(Long::longValue).toArray());
    }

    private Instant rangeBound(JsonNode node) {
        String text = Json.asText(node);
        if (text != null) {
            try {
                if (text.length() == 10) {
                    return LocalDate.parse(text).atStartOfDay(ViennaTime.ZONE).toInstant();
                }
                Instant at = LocalDateTime.parse(text, DATE_TIME).atZone(ViennaTime.ZONE).toInstant();
                if (!account.changesDateTime()) {
                    // Emarsys documents dates only; date-times are "available upon request" per account. The reply
                    // of an account without them is UNCONFIRMED: this is the documented reply for a bad range.
                    throw ApiError.badRequest(10001, "Valid start_date and end_date is required");
                }
                return at;
            } catch (DateTimeParseException e) {
                // fall through to the error
            }
        }
        throw ApiError.badRequest(10001, "Invalid time_range value '" + (node == null ? null : node.asText())
                + "': use YYYY-MM-DD or YYYY-MM-DD HH:MM:SS");
    }

    private interface Members {
        long[] ids();
    }

    private Response start(JsonNode body, ExportJob.Kind kind, Members members) {
        String method = Bodies.requiredText(body, "distribution_method");
        if (!DISTRIBUTION_METHODS.contains(method)) {
            throw ApiError.badRequest(10001, "Invalid distribution_method '" + method + "': use local, ftp, sftp or mail");
        }
        List<Field> fields = exportFields(body);
        String delimiter = Json.asText(body.get("delimiter"));
        if (delimiter != null && !delimiter.equals(",") && !delimiter.equals(";")) {
            throw ApiError.badRequest(10001, "Invalid delimiter '" + delimiter + "': use , or ;");
        }
        String header = Json.asText(body.get("add_field_names_header"));
        if (header != null && !header.equals("0") && !header.equals("1")) {
            throw ApiError.badRequest(10001, "Invalid add_field_names_header '" + header + "': use 1 or 0");
        }
        String language = body.hasNonNull("language") ? FieldApi.language(body.get("language").asText()) : "en";
        Instant now = account.now();
        Duration delay = account.exportDelay();
        ExportJob job = account.exports().start(kind.name() + body, now,
                id -> new ExportJob(id, kind, kind.name() + body, now, delay, ViennaTime.format(now), fields,
                        members.ids(), language, delimiter == null ? ',' : delimiter.charAt(0), !"0".equals(header),
                        method));
        account.stats().exportsStarted.increment();
        return Response.ok(Map.of("id", job.id()));
    }

    private List<Field> exportFields(JsonNode body) {
        JsonNode node = Bodies.array(body, "contact_fields", MAX_FIELDS, 10001);
        List<Field> fields = new ArrayList<>();
        for (JsonNode id : node) {
            Field field = account.fields().resolve(Json.asText(id));
            if (field == null) {
                throw ApiError.badRequest(2006, "Invalid field id in contact_fields: " + id.asText());
            }
            if (!field.exportable()) {
                throw ApiError.badRequest(10001, "Field " + field.id() + " (" + field.name("en")
                        + ") cannot be exported");
            }
            fields.add(field);
        }
        return fields;
    }

    private ExportJob job(Request request) {
        ExportJob job = account.exports().get(request.pathLong("exportId"));
        if (job == null) {
            throw ApiError.notFound(4006, "Export does not exist: " + request.pathParam("exportId"));
        }
        return job;
    }

    private Response status(Request request) {
        ExportJob job = job(request);
        String status = job.status(account.now());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", job.id());
        data.put("created", job.created());
        data.put("status", status);
        data.put("type", job.kind().apiName());
        data.put("file_name", "done".equals(status) ? job.fileName() : null);
        data.put("ftp_host", null);
        data.put("ftp_dir", null);
        return Response.ok(data);
    }

    private Response download(Request request) {
        ExportJob job = job(request);
        Instant now = account.now();
        if (!job.local()) {
            throw ApiError.notFound(4004, "Export " + job.id() + " was not made with distribution_method local");
        }
        String status = job.status(now);
        if ("error".equals(status)) {
            throw ApiError.notFound(4006, "Export " + job.id() + " failed: no file");
        }
        if (!"done".equals(status)) {
            throw ApiError.notFound(4005, "Export " + job.id() + " is still in progress");
        }
        if (job.expired() || now.isAfter(job.doneAt().plus(account.exportRetention()))) {
            throw new ApiError(410, 4003, "Export " + job.id() + " is finished but its file is no longer stored");
        }
        Integer offsetParam = request.queryInt("offset");
        Integer limitParam = request.queryInt("limit");
        long[] ids = job.contactIds();
        int offset = offsetParam == null ? 0 : offsetParam;
        long limit = limitParam == null ? MAX_DOWNLOAD_LIMIT : limitParam;
        if (offset < 0 || limit < 1 || limit > MAX_DOWNLOAD_LIMIT) {
            throw ApiError.badRequest(10001, "Invalid offset / limit: offset >= 0, limit 1.." + MAX_DOWNLOAD_LIMIT);
        }
        int end = (int) Math.min(ids.length, offset + limit);
        return Response.stream(200, "text/csv;charset=UTF-8", out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            if (job.header()) {
                writeHeader(writer, job);
            }
            long rows = 0;
            for (int i = offset; i < end; i++) {
                Contact contact = account.contacts().get(ids[i]);
                if (contact != null) {
                    writeRow(writer, job, contact);
                    rows++;
                }
            }
            writer.flush();
            account.stats().exportRowsDownloaded.add(rows);
        });
    }

    private static void writeHeader(Writer writer, ExportJob job) throws java.io.IOException {
        boolean first = true;
        if (job.prependUserId()) {
            writer.write("user_id");
            first = false;
        }
        for (Field field : job.fields()) {
            if (!first) {
                writer.write(job.delimiter());
            }
            Csv.cell(writer, field.name(job.language()), job.delimiter());
            first = false;
        }
        writer.write("\r\n"); // rows end in CRLF, as recorded from the real API
    }

    private static void writeRow(Writer writer, ExportJob job, Contact contact) throws java.io.IOException {
        boolean first = true;
        if (job.prependUserId()) {
            writer.write(Long.toString(contact.id()));
            first = false;
        }
        for (Field field : job.fields()) {
            if (!first) {
                writer.write(job.delimiter());
            }
            Csv.cell(writer, field.exportValue(contact.value(field), job.language()), job.delimiter());
            first = false;
        }
        writer.write("\r\n");
    }
}
