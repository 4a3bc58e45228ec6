package io.camelemarsys.routes.importer;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;

import io.camelemarsys.routes.cluster.LeadershipHealthCheck;
import io.camelemarsys.routes.cluster.LeaseLostException;
import io.camelemarsys.routes.cluster.StoreLeaseClusterService;
import io.camelemarsys.routes.cluster.StoreLeaseClusterView;

/**
 * Who runs an import: the leader of the import's namespace ({@link ImportName#leaseNamespace()}: {@value #NAMESPACE}
 * for the app's import) of the CamelContext's cluster service, which is the store's lease service
 * ({@link StoreLeaseClusterService}) unless the app brings its own (camel-kubernetes' lease-based one, for example).
 * Gives the import its fence, and shows the leadership as the gauge {@code emarsys.import.leader} (tag {@code import})
 * and a health check ({@code emarsys-import-leader} for the app's import).
 */
public final class ImportLeadership {

    /** The cluster namespace of the app's import. */
    public static final String NAMESPACE = "emarsys-import";

    private final CamelClusterService service;
    private final CamelClusterView view;
    private final ImportName name;

    private ImportLeadership(CamelClusterService service, CamelClusterView view, ImportName name) {
        this.service = service;
        this.view = view;
        this.name = name;
    }

    /**
     * The leadership of the import {@code name} in {@code context}: a cluster service the app brought (found in the
     * context's services or its registry), or else the {@link StoreLeaseClusterService} on {@code store}, added to the
     * context's services by the first import on that store. The store's lease lives in the store of the import's
     * profiles, since its fence locks the lease row inside each of the import's transactions; the imports of one store
     * share its service, each with its own namespace.
     */
    public static ImportLeadership in(CamelContext context, ImportName name, DataSource store, Duration leaseDuration,
                                      Duration renewInterval) throws Exception {
        CamelClusterService service = appService(context);
        if (service == null) {
            service = context.hasServices(StoreLeaseClusterService.class).stream()
                    .filter(lease -> lease.dataSource() == store).findFirst().orElse(null);
        }
        if (service == null) {
            service = new StoreLeaseClusterService(memberId(context), store, leaseDuration, renewInterval);
            service.setCamelContext(context);
            context.addService(service, true, true);
        }
        return new ImportLeadership(service, service.getView(name.leaseNamespace()), name);
    }

    /** A cluster service of the app's own (not a store's lease service), or null. */
    private static CamelClusterService appService(CamelContext context) {
        java.util.Set<CamelClusterService> services = new java.util.LinkedHashSet<>(
                context.hasServices(CamelClusterService.class));
        services.addAll(context.getRegistry().findByType(CamelClusterService.class));
        return services.stream().filter(service -> !(service instanceof StoreLeaseClusterService)).findFirst()
                .orElse(null);
    }

    /** A route policy that runs its routes on the leader only: started when it leads, stopped when it no longer does. */
    public RoutePolicy routePolicy(CamelContext context) throws Exception {
        ClusteredRoutePolicy policy = ClusteredRoutePolicy.forNamespace(service, name.leaseNamespace());
        policy.setCamelContext(context);
        return policy;
    }

    /** The view of the namespace (who leads, this member). */
    public CamelClusterView view() {
        return view;
    }

    /**
     * The fence of a run, taken when the run starts: on the store's lease it holds the run to the fencing token of that
     * moment (a lease lost and taken again later does not let the old run go on); with another cluster service it
     * checks that this instance still leads.
     */
    public Supplier<ImportFence> fences() {
        if (view instanceof StoreLeaseClusterView lease) {
            return () -> {
                long token = lease.token();
                return connection -> lease.verifyHeld(connection, token);
            };
        }
        return () -> connection -> {
            if (!view.getLocalMember().isLeader()) {
                throw new LeaseLostException("Instance " + view.getLocalMember().getId() + " does not lead '"
                        + name.leaseNamespace() + "'" + view.getLeader().map(l -> " (" + l.getId() + " does)").orElse("")
                        + ": it must not write");
            }
        };
    }

    /** The gauge {@code emarsys.import.leader}: 1 on the leader, 0 on the others. */
    public void bindMetrics(MeterRegistry registry) {
        registry.gauge("emarsys.import.leader", io.micrometer.core.instrument.Tags.of("import", name.name()), view,
                v -> v.getLocalMember().isLeader() ? 1 : 0);
    }

    /** The health check ({@link ImportName#healthCheckId()}), when the context has a health check registry. */
    public void registerHealthCheck(CamelContext context) {
        HealthCheckRegistry registry = HealthCheckRegistry.get(context);
        if (registry != null) {
            LeadershipHealthCheck check = new LeadershipHealthCheck(name.healthCheckId(), view,
                    ImportName.APP.equals(name.name()) ? "the import" : "the import " + name.name());
            check.setCamelContext(context);
            registry.register(check);
        }
    }

    /** This process among the instances: the context's name, the host and the process id. */
    private static String memberId(CamelContext context) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return context.getName() + "@" + host + ":" + ProcessHandle.current().pid();
    }
}
