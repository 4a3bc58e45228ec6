package io.camelemarsys.simulator.model;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

import io.camelemarsys.simulator.http.ApiError;

/** Export jobs by id; refuses a second identical export while the first is running (400 / 4001). */
public final class ExportStore {

    private final Map<Long, ExportJob> jobs = new ConcurrentHashMap<>();
    private long nextId = 40_000_001L;

    public synchronized ExportJob start(String fingerprint, Instant now, LongFunction<ExportJob> create) {
        for (ExportJob job : jobs.values()) {
            if (job.fingerprint().equals(fingerprint) && job.running(now)) {
                throw ApiError.badRequest(4001, "Identical export is already running (export id " + job.id() + ")");
            }
        }
        ExportJob job = create.apply(nextId++);
        jobs.put(job.id(), job);
        return job;
    }

    public ExportJob get(long id) {
        return jobs.get(id);
    }

    public synchronized void clear() {
        jobs.clear();
    }
}
