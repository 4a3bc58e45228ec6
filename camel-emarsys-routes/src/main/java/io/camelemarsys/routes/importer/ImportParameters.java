package io.camelemarsys.routes.importer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;

import io.camelemarsys.routes.EmarsysStore;

/**
 * The parameters of the route template {@code emarsys-segment-import} as its bean ({@link SegmentImport}) is given
 * them, with the template's defaults, and their parsing: the import's {@link ImportSettings}, its store, its lease.
 * Bad values fail with an error that names the parameter, the value and the fix.
 */
final class ImportParameters {

    String segments = "";
    String lists = "";
    String fields = "First Name,Last Name";
    String emailField = "email";
    String phoneFields = "Phone,Mobile";
    String optInField = "optin";
    long intervalHours = 12;
    long fullEveryHours = 168;
    long overlapMinutes = 60;
    String phoneRegion = "DE";
    String profilesTopic = "emarsys.profiles";
    boolean writeBackOptIn = true;
    String dataSource = EmarsysStore.BEAN_NAME;
    String leaseSeconds = "30";
    String leaseRenewSeconds = "10";

    /** The settings, or null when no segment or list is configured. */
    ImportSettings settings() {
        List<String> sources = new ArrayList<>();
        for (String id : list(segments)) {
            sources.add("segment:" + id);
        }
        for (String id : list(lists)) {
            sources.add("list:" + id);
        }
        if (sources.isEmpty()) {
            return null; // nothing to import
        }
        return new ImportSettings(sources, fields, emailField, list(phoneFields), optInField,
                Duration.ofHours(intervalHours), Duration.ofHours(fullEveryHours), Duration.ofMinutes(overlapMinutes),
                phoneRegion, profilesTopic, writeBackOptIn);
    }

    /** The store the dataSource parameter names, migrated (the app's store, opened from emarsys.store.*, by default). */
    DataSource dataSource(CamelContext context, ImportName name) {
        if (EmarsysStore.BEAN_NAME.equals(dataSource)) {
            return EmarsysStore.of(context); // the app's store, opened from emarsys.store.* when not bound
        }
        DataSource bound = context.getRegistry().lookupByNameAndType(dataSource, DataSource.class);
        if (bound == null) {
            throw new IllegalArgumentException("The segment import " + name + " has dataSource '" + dataSource
                    + "', but the registry holds no DataSource of that name: bind one, or leave dataSource at "
                    + EmarsysStore.BEAN_NAME + " (the store of emarsys.store.*)");
        }
        EmarsysStore.migrate(bound);
        return bound;
    }

    /** How long the leader's lease lasts without renewal. */
    Duration lease() {
        return seconds("leaseSeconds (the app's emarsys.import.lease-seconds)", leaseSeconds, "30");
    }

    /** How often the leader renews its lease. */
    Duration leaseRenew() {
        return seconds("leaseRenewSeconds (the app's emarsys.import.lease-renew-seconds)", leaseRenewSeconds, "10");
    }

    /** A positive number of seconds (fractions allowed), or a clear error naming the parameter. */
    private static Duration seconds(String parameter, String value, String example) {
        String trimmed = value == null ? "" : value.trim();
        try {
            double seconds = Double.parseDouble(trimmed);
            if (seconds > 0 && seconds < 1e9) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("The segment import's " + parameter + " must be a positive number of seconds, "
                + "got '" + trimmed + "': set it to, for example, " + example);
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        for (String item : (value == null ? "" : value).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
