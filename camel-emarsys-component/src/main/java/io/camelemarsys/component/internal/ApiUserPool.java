package io.camelemarsys.component.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysAuthenticationException;

/**
 * The API users of one Emarsys account that an endpoint may send its calls with: the primary user first, then the
 * pool options' users. Each call goes to the next member, round robin, that has budget left, so calls spread over the
 * users and the account's throughput is the sum of their budgets; when every budget is spent, the call waits for the
 * member whose window resets first, as a single user waits today. A member whose credentials Emarsys refuses leaves
 * the pool with one ERROR (naming the user, never the secret) and the others go on; the last member never leaves, so
 * when every member is refused the single user's refusal handling ({@link CredentialRefusal}) applies.
 */
public final class ApiUserPool {

    private static final Logger LOG = LoggerFactory.getLogger(ApiUserPool.class);

    /** The member a call goes to, and whether one request of its budget is already reserved for the call. */
    public record Choice(PoolMember member, boolean reserved) {
    }

    private final List<PoolMember> members;
    private final String account;
    private volatile List<PoolMember> active;
    private final AtomicInteger next = new AtomicInteger();

    /** @param account how the ERROR names the account: auth mode and base URL, no credential */
    public ApiUserPool(List<PoolMember> members, String account) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a pool needs at least one API user");
        }
        this.members = List.copyOf(members);
        this.active = this.members;
        this.account = account;
    }

    /**
     * The member for the next request: the next one in turn with budget left (its request reserved), else the one
     * whose budget resets first (nothing reserved: the caller waits on its budget).
     */
    public Choice choose() {
        List<PoolMember> current = active;
        int size = current.size();
        if (size == 1) {
            return new Choice(current.get(0), false);
        }
        int start = Math.floorMod(next.getAndIncrement(), size);
        PoolMember earliest = null;
        for (int i = 0; i < size; i++) {
            PoolMember member = current.get((start + i) % size);
            if (member.budget().tryAcquire()) {
                return new Choice(member, true);
            }
            if (earliest == null || member.budget().resetAt().isBefore(earliest.budget().resetAt())) {
                earliest = member;
            }
        }
        return new Choice(earliest, false);
    }

    /** Whether a member other than {@code spent} has budget left now (without reserving any). */
    public boolean budgetElsewhere(PoolMember spent) {
        Instant now = Instant.now();
        for (PoolMember member : active) {
            if (member != spent && (member.budget().remaining() != 0 || !member.budget().resetAt().isAfter(now))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Emarsys refused the member's credentials: it leaves the pool (one ERROR) and the call may go to another member
     * (true). False when it is the last member: the caller then applies the single user's refusal handling.
     */
    public synchronized boolean leave(PoolMember member, EmarsysAuthenticationException e) {
        if (!active.contains(member)) {
            return true; // another call already took it out
        }
        if (active.size() == 1) {
            return false;
        }
        List<PoolMember> rest = new ArrayList<>(active);
        rest.remove(member);
        active = List.copyOf(rest);
        LOG.error("Emarsys refused the credentials of API user '{}' of the pool at {} ({}: HTTP {}, replyCode {}, {}): "
                + "it leaves the pool until the app restarts, {} API user(s) go on ({}); check its secret",
                member.name(), account, e.getOperation(), e.getHttpResponseCode(), e.getReplyCode(),
                e.getReplyText(), rest.size(), String.join(", ", rest.stream().map(PoolMember::name).toList()));
        return true;
    }

    /** Every configured member, the primary first, whether still in the pool or not. */
    public List<PoolMember> members() {
        return members;
    }

    /** The members still in the pool. */
    public List<PoolMember> active() {
        return active;
    }

    /** The refusal state that stands for the pool: that of its first remaining member (all others left). */
    public CredentialRefusal refusal() {
        return active.get(0).refusal();
    }
}
