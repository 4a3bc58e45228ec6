package io.camelemarsys.routes.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.support.cluster.AbstractCamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One namespace of the {@link StoreLeaseClusterService}: a lease row this member tries to take every renew interval
 * and, once it holds it, renews at that interval. The lease's state changes on one thread; leadership events go to
 * the listeners (clustered route policies, {@code master:} consumers) in order from another, so a listener that
 * stops a route and waits for its exchanges never delays a renewal. {@link #verifyHeld(Connection, long)} is the fence of the writes made while
 * leading.
 */
public final class StoreLeaseClusterView extends AbstractCamelClusterView {

    private static final Logger LOG = LoggerFactory.getLogger(StoreLeaseClusterView.class);

    private final LeaseTable table;
    private final String memberId;
    private final Duration leaseDuration;
    private final Duration renewInterval;

    /** The fencing token this member leads with; 0 when it does not lead. */
    private volatile long token;
    /** When the last successful renewal started (System.nanoTime): leadership is believed for one lease from there. */
    private volatile long renewedAt;
    /** The holder as last read from the store, when it is another member. */
    private volatile String otherLeader;
    /** Why the last renewal failed; null after a successful one. */
    private volatile String problem;
    private ScheduledExecutorService executor;
    private ExecutorService events;
    private ScheduledFuture<?> renewal;

    StoreLeaseClusterView(StoreLeaseClusterService service, String namespace, LeaseTable table, Duration leaseDuration,
                          Duration renewInterval) {
        super(service, namespace);
        this.table = table;
        this.memberId = service.getId();
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
    }

    @Override
    public Optional<CamelClusterMember> getLeader() {
        if (leading()) {
            return Optional.of(getLocalMember());
        }
        String other = otherLeader;
        return other == null ? Optional.empty() : Optional.of(new Member(other, true, false));
    }

    @Override
    public CamelClusterMember getLocalMember() {
        return new Member(memberId, leading(), true);
    }

    @Override
    public List<CamelClusterMember> getMembers() {
        List<CamelClusterMember> members = new ArrayList<>();
        members.add(getLocalMember());
        getLeader().filter(leader -> !leader.isLocal()).ifPresent(members::add);
        return members;
    }

    /** Why the last attempt to renew or take the lease failed (the store unreachable, ...); null when it worked. */
    public String problem() {
        return problem;
    }

    /** The fencing token this member leads with, 0 when it does not lead. */
    public long token() {
        return leading() ? token : 0;
    }

    /**
     * The fence of the writes made while leading with {@code held} (a {@link #token()} taken when the work began): passes
     * only when this member still holds the lease with that token and the lease has not expired, and locks the lease
     * row until {@code connection}'s transaction ends, so no other member can take over before that transaction
     * commits. Throws {@link LeaseLostException} otherwise (and this member stops leading).
     */
    public void verifyHeld(Connection connection, long held) throws SQLException {
        if (held == 0) {
            String other = otherLeader;
            throw new LeaseLostException("Instance " + memberId + " does not lead '" + getNamespace() + "'"
                    + (other == null ? "" : " (" + other + " does)") + ": it must not write");
        }
        LeaseTable.Row row = table.lock(connection, getNamespace());
        if (row == null || !row.heldBy(memberId, held)) {
            String holder = row == null ? null : row.activeHolder();
            onLeaseThread(() -> lost(held, holder));
            throw new LeaseLostException("Instance " + memberId + " lost the lease '" + getNamespace()
                    + "' it led with fencing token " + held + (row == null ? ""
                            : row.expired() ? " (the lease expired)" : " (now held by " + row.holder() + " with token "
                                    + row.token() + ")") + ": it must not write");
        }
    }

    @Override
    protected void doStart() throws Exception {
        CamelContext context = getCamelContext() != null ? getCamelContext() : getClusterService().getCamelContext();
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this,
                "emarsys-lease-" + getNamespace());
        events = context.getExecutorServiceManager().newSingleThreadExecutor(this,
                "emarsys-leadership-" + getNamespace());
        resumeRenewal();
    }

    @Override
    protected void doStop() throws Exception {
        pauseRenewal();
        long held = token;
        if (held != 0) {
            try {
                table.release(getNamespace(), memberId, held);
                LOG.info("Instance {} released the lease '{}' (token {})", memberId, getNamespace(), held);
            } catch (SQLException e) {
                LOG.warn("Instance {} could not release the lease '{}' ({}); it expires in at most {}", memberId,
                        getNamespace(), e.getMessage(), leaseDuration);
            }
            token = 0;
            announce(null);
        }
        if (executor != null) {
            getClusterService().getCamelContext().getExecutorServiceManager().shutdownNow(executor);
            getClusterService().getCamelContext().getExecutorServiceManager().shutdown(events);
            executor = null;
            events = null;
        }
    }

    /** Stops renewing and taking the lease without releasing it: what a paused (or killed) process does. */
    synchronized void pauseRenewal() {
        if (renewal != null) {
            renewal.cancel(false);
            renewal = null;
        }
    }

    /** Renews (or tries to take) the lease at once and then every renew interval. */
    synchronized void resumeRenewal() {
        if (renewal == null && executor != null) {
            renewal = executor.scheduleWithFixedDelay(this::renew, 0, renewInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private boolean leading() {
        return token != 0 && System.nanoTime() - renewedAt < leaseDuration.toNanos();
    }

    private void renew() {
        long attempt = System.nanoTime();
        long held = token;
        try {
            LeaseTable.Row row = table.acquireOrRenew(getNamespace(), memberId, held, leaseDuration);
            problem = null;
            if (memberId.equals(row.holder()) && !row.expired()) {
                renewedAt = attempt;
                if (row.token() != held) {
                    token = row.token();
                    otherLeader = null;
                    LOG.info("Instance {} leads '{}' (fencing token {})", memberId, getNamespace(), row.token());
                    announce(getLocalMember());
                }
            } else {
                lost(held, row.activeHolder());
            }
        } catch (SQLException | RuntimeException e) {
            if (e instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                LOG.debug("Another instance created the lease '{}' at the same time: {}", getNamespace(), e.getMessage());
                return;
            }
            problem = String.valueOf(e.getMessage());
            LOG.warn("Instance {} cannot renew or take the lease '{}': {}", memberId, getNamespace(), problem);
            if (held != 0 && !leading()) {
                LOG.warn("Instance {} steps down from '{}': no renewal within the lease of {}", memberId, getNamespace(),
                        leaseDuration);
                lost(held, null);
            }
        }
    }

    /** This member no longer leads with {@code held} (when it did); {@code holder} leads now, or none is known. */
    private void lost(long held, String holder) {
        boolean changed = !Objects.equals(holder, otherLeader);
        otherLeader = holder;
        if (held != 0 && token == held) {
            token = 0;
            LOG.warn("Instance {} lost the lease '{}' (token {}){}", memberId, getNamespace(), held,
                    holder == null ? "" : " to " + holder);
            changed = true;
        }
        if (changed) {
            announce(holder == null ? null : new Member(holder, true, false));
        }
    }

    private void onLeaseThread(Runnable task) {
        ScheduledExecutorService lease = executor;
        if (lease != null && !lease.isShutdown()) {
            lease.execute(task);
        }
    }

    /** Tells the listeners, in order, on the events thread. */
    private void announce(CamelClusterMember leader) {
        ExecutorService listeners = events;
        if (listeners != null && !listeners.isShutdown()) {
            listeners.execute(() -> fireLeadershipChangedEvent(leader));
        }
    }

    /** A member as this view knows it: its id, whether it leads, whether it is this one. */
    private record Member(String id, boolean leader, boolean local) implements CamelClusterMember {

        @Override
        public String getId() {
            return id;
        }

        @Override
        public boolean isLeader() {
            return leader;
        }

        @Override
        public boolean isLocal() {
            return local;
        }
    }
}
