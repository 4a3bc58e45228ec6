package io.camelemarsys.routes.cluster;

import java.time.Duration;

import javax.sql.DataSource;

import org.apache.camel.support.cluster.AbstractCamelClusterService;

/**
 * A Camel cluster service on the store every instance shares: each namespace is a lease row (holder, fencing token,
 * expiry by the database's clock) that one member takes when it is free or expired and renews at an interval. A
 * killed leader is replaced once its lease expires (at most lease duration + renew interval); a clean stop hands over
 * within one renew interval. {@code master:} endpoints and clustered route policies find it in the CamelContext's
 * services.
 */
public final class StoreLeaseClusterService extends AbstractCamelClusterService<StoreLeaseClusterView> {

    private final DataSource dataSource;
    private final Duration leaseDuration;
    private final Duration renewInterval;

    /**
     * @param memberId      this instance, as the lease row and the health check name it (unique per process)
     * @param dataSource    the store (the table comes with its migrations)
     * @param leaseDuration how long a lease lasts without renewal
     * @param renewInterval how often the leader renews and the others try to take it; shorter than the lease
     */
    public StoreLeaseClusterService(String memberId, DataSource dataSource, Duration leaseDuration, Duration renewInterval) {
        super(memberId);
        if (leaseDuration.isNegative() || leaseDuration.isZero() || renewInterval.isNegative() || renewInterval.isZero()
                || renewInterval.compareTo(leaseDuration) >= 0) {
            throw new IllegalArgumentException("The lease's renew interval (" + renewInterval + ") must be positive and "
                    + "shorter than its duration (" + leaseDuration + "), so that a leader renews before it expires: "
                    + "renew at a third of the duration, for example");
        }
        this.dataSource = dataSource;
        this.leaseDuration = leaseDuration;
        this.renewInterval = renewInterval;
    }

    /** The store the leases are in (a fence checks its lease on a connection of this store). */
    public DataSource dataSource() {
        return dataSource;
    }

    public Duration leaseDuration() {
        return leaseDuration;
    }

    public Duration renewInterval() {
        return renewInterval;
    }

    @Override
    protected StoreLeaseClusterView createView(String namespace) {
        return new StoreLeaseClusterView(this, namespace, new LeaseTable(dataSource), leaseDuration, renewInterval);
    }
}
