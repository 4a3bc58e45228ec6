package io.camelemarsys.routes.cluster;

import java.util.Map;
import java.util.Optional;

import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Who leads a cluster namespace, as a health check: UP on the leader and on the members standing by (both are
 * healthy), with the details {@code leader} (true here), {@code leader.id} and {@code member.id}; DOWN while the
 * store's lease cannot be read or renewed, as this instance can then neither lead nor take over.
 */
public final class LeadershipHealthCheck extends AbstractHealthCheck {

    private final CamelClusterView view;
    private final String what;

    /**
     * @param id   the check's id (group {@code emarsys})
     * @param view the namespace's view
     * @param what what the leader runs, for the message ("the import")
     */
    public LeadershipHealthCheck(String id, CamelClusterView view, String what) {
        super("emarsys", id);
        this.view = view;
        this.what = what;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        CamelClusterMember local = view.getLocalMember();
        Optional<CamelClusterMember> leader = view.getLeader();
        builder.detail("member.id", local.getId());
        builder.detail("leader", local.isLeader());
        leader.ifPresent(member -> builder.detail("leader.id", member.getId()));
        String problem = view instanceof StoreLeaseClusterView lease ? lease.problem() : null;
        if (problem != null) {
            builder.message("Instance " + local.getId() + " cannot read or renew the lease of " + what + ": " + problem);
            builder.down();
            return;
        }
        builder.message(local.isLeader() ? "This instance (" + local.getId() + ") leads " + what
                : leader.map(member -> member.getId() + " leads " + what + "; this instance (" + local.getId()
                        + ") stands by").orElse("No instance leads " + what + " yet; this instance (" + local.getId()
                                + ") stands by"));
        builder.up();
    }
}
