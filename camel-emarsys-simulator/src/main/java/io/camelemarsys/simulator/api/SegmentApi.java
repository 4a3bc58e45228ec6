package io.camelemarsys.simulator.api;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Contact;
import io.camelemarsys.simulator.model.ContactList;
import io.camelemarsys.simulator.model.FieldCatalog;
import io.camelemarsys.simulator.model.Segment;
import io.camelemarsys.simulator.model.SegmentStore;

/**
 * Segments ({@code /filter}, {@code /combinedsegments}): listing, member listing that answers 202 / 10001 while the
 * segment is evaluated, counts, and asynchronous runs that leave their members in a temporary contact list.
 */
public final class SegmentApi {

    public static final int MAX_MEMBER_LIMIT = 1_000_000;

    private final Account account;

    public SegmentApi(Account account) {
        this.account = account;
    }

    public void register(Router router) {
        router.get("/filter", r -> list(false))
                .get("/combinedsegments", r -> list(true))
                .get("/filter/runs/{runId}", this::run)
                .get("/filter/{segmentId}", r -> Response.ok(describe(segment(r, false))))
                .get("/combinedsegments/{segmentId}", r -> Response.ok(describe(segment(r, true))))
                .get("/filter/{segmentId}/contacts", this::members)
                .get("/filter/{segmentId}/contacts/count", this::count)
                .post("/filter/{segmentId}/runs", this::startRun);
    }

    private Response list(boolean combined) {
        List<Map<String, Object>> segments = new ArrayList<>();
        for (Segment segment : account.segments().all()) {
            if (segment.combined() == combined) {
                segments.add(combined ? Map.of("id", Long.toString(segment.id()), "name", segment.name())
                        : describe(segment));
            }
        }
        return Response.ok(segments);
    }

    private static Map<String, Object> describe(Segment segment) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", Long.toString(segment.id()));
        map.put("name", segment.name());
        map.put("type", segment.type());
        if (segment.combined()) {
            map.put("include", Map.of("relation", "OR",
                    "segments", segment.include().stream().map(String::valueOf).toList()));
        } else {
            map.put("tags", List.of());
            map.put("criteriaTypes", segment.fieldId() == null ? List.of() : List.of("contact"));
            map.put("baseContactListId", 0);
        }
        return map;
    }

    /** Combined segments share the id space and are accepted by the member, count and run calls. */
    private Segment segment(Request request, boolean combinedOnly) {
        Segment segment = account.segments().get(request.pathLong("segmentId"));
        if (segment == null || (combinedOnly && !segment.combined())) {
            throw ApiError.notFound(10002, "Segment does not exist: " + request.pathParam("segmentId"));
        }
        return segment;
    }

    private long[] evaluatedMembers(Request request) {
        Segment segment = segment(request, false);
        Instant now = account.now();
        SegmentStore.Evaluation evaluation = account.segments().evaluation(segment.id(), now,
                account.segmentEvaluation(), account.contacts(), account.fields());
        if (!evaluation.ready(now)) {
            throw new ApiError(202, 10001, "Segment is being evaluated, please call again later");
        }
        return evaluation.members();
    }

    /** {@code GET /filter/{id}/contacts?limit=&offset=}: internal ids; {@code offset} is a position. */
    private Response members(Request request) {
        Integer limit = request.queryInt("limit");
        if (limit == null) {
            throw ApiError.badRequest(10001, "Missing parameter: limit");
        }
        if (limit < 1 || limit > MAX_MEMBER_LIMIT) {
            throw ApiError.badRequest(10001, "Invalid parameter limit: " + limit + ", use 1.." + MAX_MEMBER_LIMIT);
        }
        Integer offsetParam = request.queryInt("offset");
        int offset = offsetParam == null ? 0 : offsetParam;
        if (offset < 0) {
            throw ApiError.badRequest(10001, "Invalid parameter offset: " + offset);
        }
        long[] members = evaluatedMembers(request);
        long[] page = offset >= members.length ? new long[0]
                : Arrays.copyOfRange(members, offset, Math.min(members.length, offset + limit));
        return Response.ok(Arrays.stream(page).mapToObj(Long::toString).toList());
    }

    private Response count(Request request) {
        return Response.ok(evaluatedMembers(request).length);
    }

    private Response startRun(Request request) {
        Segment segment = segment(request, false);
        Instant now = account.now();
        SegmentStore segments = account.segments();
        synchronized (segments) {
            if (segments.runningFor(request.principal(), now) != null) {
                throw new ApiError(423, 10003, "This admin is already running a segment; one at a time");
            }
            long[] members = segments.members(segment, account.contacts(), account.fields());
            ContactList list = account.lists().create("segment_run_" + segment.id() + "_" + now.toEpochMilli(),
                    "Temporary list of a segment run", "temporary", now);
            for (long id : members) {
                list.add(id);
            }
            SegmentStore.Run run = segments.startRun(segment.id(), request.principal(), now,
                    account.segmentEvaluation(), members, list.id());
            return Response.ok(describe(run, now));
        }
    }

    private Response run(Request request) {
        SegmentStore.Run run = account.segments().run(request.pathLong("runId"));
        if (run == null) {
            throw ApiError.notFound(10008, "Segment run does not exist: " + request.pathParam("runId"));
        }
        return Response.ok(describe(run, account.now()));
    }

    private Map<String, Object> describe(SegmentStore.Run run, Instant now) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("run_id", Long.toString(run.runId()));
        boolean done = run.done(now);
        map.put("status", done ? "done" : "waiting");
        if (done) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("contact_list_id", Long.toString(run.contactListId()));
            result.put("user_count", run.members().length);
            result.put("opt_in_count", optIns(run.members()));
            result.put("duration", Duration.between(run.startedAt(), run.readyAt()).toMillis());
            map.put("result", result);
        }
        return map;
    }

    private int optIns(long[] members) {
        int count = 0;
        var optIn = account.fields().byId(FieldCatalog.OPT_IN);
        for (long id : members) {
            Contact contact = account.contacts().get(id);
            if (contact != null && Integer.valueOf(1).equals(contact.value(optIn))) {
                count++;
            }
        }
        return count;
    }
}
