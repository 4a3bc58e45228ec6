package io.camelemarsys.routes.importer;

/**
 * What an import's name keys: its lease namespace, its watermarks in the state repository, its registry bean, its
 * leader-only route policy and its health check. The app's import, {@value #APP}, keeps the names it had while it was
 * the only one (lease namespace {@code emarsys-import}, watermarks {@code segment:<id>.lastRun}), so that existing
 * stores keep their leadership and their state; any other import prefixes them with its name.
 */
public record ImportName(String name) {

    /** The app's import (and the template's default). */
    public static final String APP = "segment-import";

    public ImportName {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new IllegalArgumentException("The import's name is '" + name + "': use letters, digits, '.', '_' and "
                    + "'-' (it names the import's direct endpoint, lease and state), for example newsletter");
        }
    }

    private boolean isApp() {
        return APP.equals(name);
    }

    /** The cluster namespace the import's leader holds. */
    public String leaseNamespace() {
        return isApp() ? ImportLeadership.NAMESPACE : ImportLeadership.NAMESPACE + "-" + name;
    }

    /** The key of one of a source's watermarks ({@code lastRun}, {@code lastFull}, {@code runStarted}). */
    public String stateKey(String source, String what) {
        return (isApp() ? "" : name + "/") + source + "." + what;
    }

    /** The registry name of the import's bean (its status, for the app's status line). */
    public String beanName() {
        return isApp() ? "emarsysSegmentImport" : "emarsysSegmentImport-" + name;
    }

    /** The registry name of the route policy that runs the schedule and the run at start on the leader only. */
    public String leaderOnlyPolicy() {
        return "emarsys-" + name + "-leader-only";
    }

    /** The id of the leadership's health check. */
    public String healthCheckId() {
        return isApp() ? "emarsys-import-leader" : "emarsys-import-leader-" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}
