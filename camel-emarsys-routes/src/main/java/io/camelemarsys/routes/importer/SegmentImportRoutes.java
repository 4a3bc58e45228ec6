package io.camelemarsys.routes.importer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.builder.RouteBuilder;

import io.camelemarsys.routes.EmarsysStore;
import io.camelemarsys.routes.JdbcStateRepository;

/**
 * The 12-hourly import as ready routes, configured by {@code emarsys.import.*} properties: a Quartz schedule, and a
 * run shortly after start when the last run is overdue; {@code direct:emarsys-segment-import-now} runs it at once. Only
 * the instance that leads the import runs it ({@link ImportLeadership}). Add it with
 * {@code camel.main.routes-builder-classes=io.camelemarsys.routes.importer.SegmentImportRoutes}.
 */
public class SegmentImportRoutes extends RouteBuilder {

    private SegmentImport importer;

    /** The import, once the routes are configured (the app's status line reads it). */
    public SegmentImport importer() {
        return importer;
    }

    @Override
    public void configure() throws Exception {
        ImportSettings settings = settings();
        if (settings == null) {
            log.warn("The segment import is off: set emarsys.import.segments (or emarsys.import.lists) to import");
            return;
        }
        // the profiles and the watermarks in the store, so that an instance on another host resumes from them
        DataSource store = EmarsysStore.of(getContext());
        ImportLeadership leadership = ImportLeadership.in(getContext(), store,
                seconds("emarsys.import.lease-seconds", "30"), seconds("emarsys.import.lease-renew-seconds", "10"));
        importer = new SegmentImport(settings, store, new JdbcStateRepository(store), leadership.fences());
        getContext().getRegistry().bind("emarsysSegmentImport", importer);
        getContext().getRegistry().bind("emarsysImportLeadership", leadership);
        io.micrometer.core.instrument.MeterRegistry registry = getContext().getRegistry()
                .findSingleByType(io.micrometer.core.instrument.MeterRegistry.class);
        if (registry != null) {
            importer.bindMetrics(registry);
            leadership.bindMetrics(registry);
        }
        leadership.registerHealthCheck(getContext());
        // the schedule and the run at start are started on the import's leader only (a clustered route policy); the
        // run at start also starts when this instance takes the leadership over, and resumes an unfinished run
        org.apache.camel.spi.RoutePolicy leaderOnly = leadership.routePolicy(getContext());
        from("quartz:emarsys/segment-import?cron={{emarsys.import.cron:0 0 0/12 * * ?}}")
                .routeId("emarsys-segment-import")
                .routePolicy(leaderOnly)
                .process(exchange -> importer.run(exchange.getContext()));
        // on request: runs on the leader; another instance logs that it skips
        from("direct:emarsys-segment-import-now").routeId("emarsys-segment-import-now")
                .process(exchange -> importer.run(exchange.getContext()));
        if (Boolean.parseBoolean(property("emarsys.import.run-at-start", "true"))) {
            from("timer:emarsys-segment-import-at-start?repeatCount=1&delay={{emarsys.import.start-delay-ms:2000}}")
                    .routeId("emarsys-segment-import-at-start")
                    .routePolicy(leaderOnly)
                    .process(exchange -> importer.runIfOverdue(exchange.getContext()));
        }
    }

    /** The settings, or null when no segment or list is configured. */
    private ImportSettings settings() {
        List<String> sources = new ArrayList<>();
        for (String id : list(property("emarsys.import.segments", ""))) {
            sources.add("segment:" + id);
        }
        for (String id : list(property("emarsys.import.lists", ""))) {
            sources.add("list:" + id);
        }
        if (sources.isEmpty()) {
            return null; // nothing to import
        }
        return new ImportSettings(sources,
                property("emarsys.import.fields", "First Name,Last Name"),
                property("emarsys.import.email-field", "email"),
                list(property("emarsys.import.phone-fields", "Phone,Mobile")),
                property("emarsys.import.opt-in-field", "optin"),
                Duration.ofHours(Long.parseLong(property("emarsys.import.interval-hours", "12"))),
                Duration.ofHours(Long.parseLong(property("emarsys.import.full-every-hours", "168"))),
                Duration.ofMinutes(Long.parseLong(property("emarsys.import.overlap-minutes", "60"))),
                property("emarsys.import.phone-region", "DE"),
                property("emarsys.import.profiles-topic", "emarsys.profiles"),
                Boolean.parseBoolean(property("emarsys.import.write-back-opt-in", "true")));
    }

    /** A positive number of seconds (fractions allowed), or a clear error naming the property. */
    private Duration seconds(String name, String defaultValue) {
        String value = property(name, defaultValue).trim();
        try {
            double seconds = Double.parseDouble(value);
            if (seconds > 0 && seconds < 1e9) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a positive number of seconds, got '" + value
                + "': set it to, for example, " + defaultValue);
    }

    private String property(String name, String defaultValue) {
        return getContext().getPropertiesComponent().resolveProperty(name).orElse(defaultValue);
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
