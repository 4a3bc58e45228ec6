package io.camelemarsys.routes.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two members of the store's lease cluster service on one store (each in its own CamelContext, as two processes
 * would be): one leads; a leader that stops renewing (killed or paused) is replaced once its lease expires, and its
 * fence fails from then on even when it wakes up; a clean stop hands over at the next renewal. Run on H2 and on
 * PostgreSQL by the subclasses.
 */
abstract class StoreLeaseClusterServiceContract {

    private static final String NAMESPACE = "emarsys-import";
    private final List<DefaultCamelContext> contexts = new ArrayList<>();

    /** The store both members share, migrated. */
    abstract DataSource store();

    @AfterEach
    void stopMembers() {
        contexts.forEach(DefaultCamelContext::stop);
    }

    @Test
    void oneMemberLeadsAndTheOtherKnowsWho() throws Exception {
        StoreLeaseClusterView a = member("a", Duration.ofSeconds(30), Duration.ofMillis(200));
        await("a leads", () -> a.getLocalMember().isLeader());
        StoreLeaseClusterView b = member("b", Duration.ofSeconds(30), Duration.ofMillis(200));
        await("b sees a lead", () -> b.getLeader().map(m -> m.getId().equals("a")).orElse(false));

        assertFalse(b.getLocalMember().isLeader(), "one leader only");
        assertEquals(0, b.token(), "a member standing by holds no token");
        assertTrue(a.token() > 0);
        long token = a.token();
        try (Connection connection = store().getConnection()) {
            a.verifyHeld(connection, token); // the leader's fence passes
            LeaseLostException refused = assertThrows(LeaseLostException.class, () -> b.verifyHeld(connection, b.token()));
            assertTrue(refused.getMessage().contains("Instance b does not lead 'emarsys-import' (a does)"),
                    refused.getMessage());
        }
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedOnceItsLeaseExpiresAndItsFenceFailsEvenWhenItWakesUp() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        Duration renew = Duration.ofMillis(500);
        StoreLeaseClusterView a = member("a", lease, renew);
        await("a leads", () -> a.getLocalMember().isLeader());
        StoreLeaseClusterView b = member("b", lease, renew);
        AtomicInteger bTookOver = new AtomicInteger();
        b.addEventListener((CamelClusterEventListener.Leadership) (view, leader) -> {
            if (view.getLocalMember().isLeader()) {
                bTookOver.incrementAndGet();
            }
        });
        await("b sees a lead", () -> b.getLeader().isPresent());
        long aToken = a.token();

        long paused = System.nanoTime();
        a.pauseRenewal(); // killed, or paused in a long GC: renews nothing, releases nothing
        await("b takes over", () -> b.getLocalMember().isLeader());
        Duration takeover = Duration.ofNanos(System.nanoTime() - paused);
        System.out.printf("takeover after the leader stopped renewing: %d ms (lease %d ms, renew %d ms)%n",
                takeover.toMillis(), lease.toMillis(), renew.toMillis());
        // never before the lease could have run out: a's last renewal was at most one interval before the pause
        assertTrue(takeover.compareTo(lease.minus(renew)) >= 0, "b took over before a's lease expired: " + takeover);
        assertEquals(1, bTookOver.get(), "b's listeners (master: consumers) were told once");
        assertEquals(aToken + 1, b.token(), "every new holder gets the next fencing token");

        // a, still paused, tries to write: its fence fails
        try (Connection connection = store().getConnection()) {
            LeaseLostException fenced = assertThrows(LeaseLostException.class, () -> a.verifyHeld(connection, aToken));
            assertTrue(fenced.getMessage().contains("Instance a lost the lease 'emarsys-import' it led with fencing token "
                    + aToken + " (now held by b with token " + (aToken + 1) + ")"), fenced.getMessage());
        }
        // a wakes up: it renews again, learns that b leads, and its old token stays fenced
        a.resumeRenewal();
        await("a knows b leads", () -> a.getLeader().map(m -> m.getId().equals("b")).orElse(false));
        assertFalse(a.getLocalMember().isLeader());
        try (Connection connection = store().getConnection()) {
            assertThrows(LeaseLostException.class, () -> a.verifyHeld(connection, aToken));
            b.verifyHeld(connection, b.token());
        }
        assertTrue(b.getLocalMember().isLeader(), "b keeps the lease");
    }

    @Test
    void aLeaderThatLostTheLeaseAndTookItAgainStillFencesTheWorkItBeganBefore() throws Exception {
        Duration lease = Duration.ofSeconds(2);
        Duration renew = Duration.ofMillis(300);
        StoreLeaseClusterView a = member("a", lease, renew);
        await("a leads", () -> a.getLocalMember().isLeader());
        long runToken = a.token(); // a run begins
        StoreLeaseClusterView b = member("b", lease, renew);
        await("b sees a lead", () -> b.getLeader().isPresent());
        a.pauseRenewal();
        await("b takes over", () -> b.getLocalMember().isLeader());
        contexts.get(1).stop(); // b stops cleanly: the lease is free
        a.resumeRenewal();
        await("a leads again", () -> a.getLocalMember().isLeader());

        assertEquals(runToken + 2, a.token(), "a leads again, with a new token");
        try (Connection connection = store().getConnection()) {
            LeaseLostException fenced = assertThrows(LeaseLostException.class,
                    () -> a.verifyHeld(connection, runToken), "the run a began before b led must not go on");
            assertTrue(fenced.getMessage().contains("(now held by a with token " + (runToken + 2) + ")"),
                    fenced.getMessage());
            a.verifyHeld(connection, a.token()); // a run begun now may write
        }
    }

    @Test
    void aCleanStopReleasesTheLeaseSoTheOtherTakesOverAtItsNextRenewal() throws Exception {
        Duration lease = Duration.ofSeconds(60);
        StoreLeaseClusterView a = member("a", lease, Duration.ofMillis(300));
        await("a leads", () -> a.getLocalMember().isLeader());
        StoreLeaseClusterView b = member("b", lease, Duration.ofMillis(300));
        await("b sees a lead", () -> b.getLeader().isPresent());

        long stopped = System.nanoTime();
        contexts.get(0).stop();
        await("b takes over", () -> b.getLocalMember().isLeader());
        Duration handover = Duration.ofNanos(System.nanoTime() - stopped);
        System.out.printf("handover after a clean stop: %d ms (lease %d ms)%n", handover.toMillis(), lease.toMillis());
        assertTrue(handover.compareTo(lease) < 0, "b waited for the lease to expire: the stop released nothing");
    }

    private StoreLeaseClusterView member(String id, Duration lease, Duration renew) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("member-" + id);
        StoreLeaseClusterService service = new StoreLeaseClusterService(id, store(), lease, renew);
        context.addService(service);
        context.start();
        contexts.add(context);
        return (StoreLeaseClusterView) service.getView(NAMESPACE);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(20);
        }
    }
}
