package io.camelemarsys.component.operation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.export.ExportRows;
import io.camelemarsys.component.internal.EmarsysField;

/**
 * export/segment, export/contactlist and export/changes: start the export, wait until it is done, and return its
 * rows as a lazy, closeable {@link ExportRows} (Maps keyed as the fields option names them; changes exports add
 * {@code id}), or with outputType=stream the raw CSV as an InputStream. More than 20 fields run as several exports,
 * each with the key field, joined row by row on it.
 */
public final class ExportOperation implements Operation {

    public enum Kind { SEGMENT, CONTACT_LIST, CHANGES }

    public static final int MAX_FIELDS = 20;
    private static final Set<Integer> NOT_EXPORTABLE = Set.of(27, 28, 29, 32, 33);

    private final OperationContext context;
    private final Kind kind;

    public ExportOperation(OperationContext context, Kind kind) {
        this.context = context;
        this.kind = kind;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        Map<String, EmarsysField> fields = fields();
        EmarsysField key = context.fields().resolve(context.keyId(exchange));
        List<List<Map.Entry<String, EmarsysField>>> partFields = split(fields, key);
        boolean stream = "stream".equals(context.config().getOutputType());
        if (stream && partFields.size() > 1) {
            throw new EmarsysInputException("outputType=stream returns one CSV; it takes at most " + MAX_FIELDS
                    + " fields, " + fields.size() + " were given");
        }
        Map<String, Object> base = baseBody(exchange);
        String path = kind == Kind.SEGMENT ? "/export/filter"
                : kind == Kind.CONTACT_LIST ? "/email/getcontacts" : "/contact/getchanges";
        ExportRunner runner = new ExportRunner(context);
        List<String> exportIds = new ArrayList<>();
        for (List<Map.Entry<String, EmarsysField>> part : partFields) {
            Map<String, Object> body = new LinkedHashMap<>(base);
            body.put("contact_fields", part.stream().map(e -> e.getValue().id()).toList());
            exportIds.add(runner.start(path, body));
        }
        ExportRunner.Finished finished = null;
        for (String exportId : exportIds) {
            finished = runner.await(exportId);
        }
        exchange.getMessage().setHeader(EmarsysConstants.EXPORT_ID, String.join(",", exportIds));
        exchange.getMessage().setHeader(EmarsysConstants.EXPORT_STATUS, finished.status());
        exchange.getMessage().setHeader(EmarsysConstants.EXPORT_CREATED, finished.created());
        if (stream) {
            exchange.getMessage().setBody(context.client().download("/export/" + exportIds.get(0) + "/data"));
            return;
        }
        List<ExportRows.Part> parts = new ArrayList<>();
        for (int i = 0; i < partFields.size(); i++) {
            List<Map.Entry<String, EmarsysField>> part = partFields.get(i);
            List<String> keys = part.stream().map(Map.Entry::getKey).toList();
            int joinColumn = 0;
            for (int c = 0; c < part.size(); c++) {
                if (part.get(c).getValue().id() == key.id()) {
                    joinColumn = c;
                }
            }
            parts.add(new ExportRows.Part(exportIds.get(i), kind == Kind.CHANGES, keys, joinColumn));
        }
        exchange.getMessage().setBody(new ExportRows(runner::page, parts, context.config().getPageSize()));
    }

    /** The fields option, resolved, keyed as given; exports need at least one and refuse the non-exportable ones. */
    private Map<String, EmarsysField> fields() throws Exception {
        String option = context.config().getFields();
        if (option == null || option.isBlank()) {
            throw new EmarsysInputException("Exports need the fields option: the fields to export, by id or name, "
                    + "for example fields=email,First Name,optin");
        }
        Map<String, EmarsysField> fields = new LinkedHashMap<>();
        for (String name : option.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            EmarsysField field = context.fields().resolve(name);
            if (NOT_EXPORTABLE.contains(field.id())) {
                throw new EmarsysInputException("Field " + field.id() + " (" + field.name()
                        + ") cannot be exported (Emarsys never exports fields 27, 28, 29, 32, 33); remove it from fields");
            }
            fields.put(name.trim(), field);
        }
        return fields;
    }

    /** At most 20 fields per export; more become parts of 19 fields plus the key field, to join on. */
    private static List<List<Map.Entry<String, EmarsysField>>> split(Map<String, EmarsysField> fields, EmarsysField key) {
        List<Map.Entry<String, EmarsysField>> all = new ArrayList<>(fields.entrySet());
        List<List<Map.Entry<String, EmarsysField>>> parts = new ArrayList<>();
        if (all.size() <= MAX_FIELDS) {
            parts.add(all);
            return parts;
        }
        Map.Entry<String, EmarsysField> keyEntry = all.stream().filter(e -> e.getValue().id() == key.id()).findFirst()
                .orElse(Map.entry("#key", key));
        List<Map.Entry<String, EmarsysField>> others = all.stream().filter(e -> e.getValue().id() != key.id()).toList();
        for (int i = 0; i < others.size(); i += MAX_FIELDS - 1) {
            List<Map.Entry<String, EmarsysField>> part = new ArrayList<>();
            part.add(keyEntry);
            part.addAll(others.subList(i, Math.min(others.size(), i + MAX_FIELDS - 1)));
            parts.add(part);
        }
        return parts;
    }

    private Map<String, Object> baseBody(Exchange exchange) {
        Map<String, Object> body = new LinkedHashMap<>();
        switch (kind) {
            case SEGMENT:
                body.put("filter", Long.parseLong(SegmentMembers.segmentId(exchange, context.config())));
                break;
            case CONTACT_LIST:
                String listId = exchange.getMessage().getHeader(EmarsysConstants.LIST_ID, context.config().getListId(),
                        String.class);
                if (listId == null || !listId.trim().matches("\\d+")) {
                    throw new EmarsysInputException("export/contactlist needs the numeric id of a contact list in "
                            + "listId or " + EmarsysConstants.LIST_ID + ", was " + EmarsysInputException.shown(listId));
                }
                body.put("contactlist", Long.parseLong(listId.trim()));
                break;
            default:
                body.put("origin", context.config().getOrigin());
                body.put("origin_id", context.config().getOriginId());
                String since = exchange.getMessage().getHeader(EmarsysConstants.SINCE, context.config().getSince(),
                        String.class);
                String until = exchange.getMessage().getHeader(EmarsysConstants.UNTIL, context.config().getUntil(),
                        String.class);
                if (since == null || since.isBlank()) {
                    throw new EmarsysInputException("export/changes needs since (YYYY-MM-DD, or a UTC date-time such as "
                            + "2024-05-01T10:00:00Z), in the since option or the " + EmarsysConstants.SINCE + " header");
                }
                // without until: up to now, rounded up to the next second so that what just changed is inside
                String end = until == null || until.isBlank()
                        ? Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusSeconds(1).toString()
                        : until;
                body.put("time_range", ChangesTimeRange.of(since, end, context.config().getChangesTimeFormat()));
                break;
        }
        body.put("distribution_method", "local");
        body.put("delimiter", ",");
        body.put("add_field_names_header", 1);
        body.put("language", context.config().getLanguage());
        return body;
    }
}
