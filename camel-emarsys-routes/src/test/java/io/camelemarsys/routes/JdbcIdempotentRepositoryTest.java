package io.camelemarsys.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook's shared IdempotentRepository, as two instances (two pools on one database) use it, on a clock the
 * test moves: a jti until its token expires, an event id for the retention, purge, one winner of a race.
 */
class JdbcIdempotentRepositoryTest {

    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

    /** A clock the test sets. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = T0;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static JdbcIdempotentRepository repository(EmarsysStore store, MovableClock clock) {
        JdbcIdempotentRepository repository = new JdbcIdempotentRepository(store, "webhook", Duration.ofDays(7));
        repository.setClock(clock);
        return repository;
    }

    private static Exchange tokenExchange(String tokenKey, Instant refusedFrom) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(JdbcIdempotentRepository.KEY_EXPIRY, Map.of(tokenKey, refusedFrom));
        return exchange;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void aJtiIsAcceptedOnceThenRefusedUntilItsTokenExpires(String kind) {
        String url = TestStores.emptyDatabase(JdbcIdempotentRepositoryTest.class, kind);
        MovableClock clock = new MovableClock();
        try (EmarsysStore first = EmarsysStore.open(url, TestStores.user(kind), "");
             EmarsysStore second = EmarsysStore.open(url, TestStores.user(kind), "")) {
            JdbcIdempotentRepository a = repository(first, clock);
            JdbcIdempotentRepository b = repository(second, clock);
            Instant expires = T0.plus(Duration.ofMinutes(10));
            assertTrue(a.add(tokenExchange("token-jti:j-1", expires), "token-jti:j-1"), "the first use");
            assertFalse(b.add(tokenExchange("token-jti:j-1", expires), "token-jti:j-1"), "a replay on the other instance");
            clock.advance(Duration.ofMinutes(9));
            assertFalse(b.add(tokenExchange("token-jti:j-1", expires), "token-jti:j-1"), "still refused before expiry");
            assertTrue(b.contains("token-jti:j-1"));
            clock.advance(Duration.ofMinutes(1));
            assertFalse(a.contains("token-jti:j-1"), "forgotten when the token expires, long before the retention");
            assertTrue(b.add(tokenExchange("token-jti:j-1", expires.plus(Duration.ofMinutes(10))), "token-jti:j-1"),
                    "an expired key is taken over");
            assertFalse(a.add(tokenExchange("token-jti:j-1", expires), "token-jti:j-1"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void anEventIdIsKeptForTheRetention(String kind) {
        String url = TestStores.emptyDatabase(JdbcIdempotentRepositoryTest.class, kind);
        MovableClock clock = new MovableClock();
        try (EmarsysStore first = EmarsysStore.open(url, TestStores.user(kind), "");
             EmarsysStore second = EmarsysStore.open(url, TestStores.user(kind), "")) {
            JdbcIdempotentRepository a = repository(first, clock);
            JdbcIdempotentRepository b = repository(second, clock);
            // the exchange names an expiry for the token's key only: the event's key gets the retention
            Exchange exchange = tokenExchange("token-jti:j-2", T0.plus(Duration.ofMinutes(5)));
            assertTrue(a.add(exchange, "event-id:e-1"));
            clock.advance(Duration.ofDays(7).minusMinutes(1));
            assertFalse(b.add(exchange, "event-id:e-1"), "kept for seven days");
            clock.advance(Duration.ofMinutes(1));
            assertTrue(b.add(exchange, "event-id:e-1"), "forgotten after seven days");
            String longKey = "event-id:" + "x".repeat(2000);
            assertTrue(a.add(longKey));
            assertFalse(b.add(longKey), "a key longer than the column is kept as its hash");
            assertTrue(a.remove(longKey));
            assertTrue(b.add(longKey), "removed (as the Idempotent Consumer does when the write fails)");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void purgeDeletesTheExpiredKeysOnly(String kind) throws Exception {
        MovableClock clock = new MovableClock();
        try (EmarsysStore store = TestStores.open(JdbcIdempotentRepositoryTest.class, kind)) {
            JdbcIdempotentRepository repository = repository(store, clock);
            repository.add("event-id:short", T0.plus(Duration.ofHours(1)));
            repository.add("event-id:long", T0.plus(Duration.ofDays(1)));
            repository.add("event-id:default");
            clock.advance(Duration.ofHours(2));
            assertEquals(1, repository.purge());
            assertEquals(2, rows(store));
            assertTrue(repository.contains("event-id:long"));
            assertFalse(repository.contains("event-id:short"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {TestStores.H2, TestStores.POSTGRESQL})
    void ofTwoInstancesAddingOneKeyAtOnceExactlyOneWins(String kind) throws Exception {
        String url = TestStores.emptyDatabase(JdbcIdempotentRepositoryTest.class, kind);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        MovableClock clock = new MovableClock();
        try (EmarsysStore first = EmarsysStore.open(url, TestStores.user(kind), "");
             EmarsysStore second = EmarsysStore.open(url, TestStores.user(kind), "")) {
            List<JdbcIdempotentRepository> instances = List.of(repository(first, clock), repository(second, clock));
            for (int round = 0; round < 20; round++) {
                String key = "event-id:race-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> adds = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JdbcIdempotentRepository repository = instances.get(i % 2);
                    adds.add(pool.submit(() -> {
                        go.await();
                        return repository.add(key);
                    }));
                }
                go.countDown();
                int winners = 0;
                for (Future<Boolean> add : adds) {
                    winners += add.get() ? 1 : 0;
                }
                assertEquals(1, winners, key);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aRetentionThatIsNoDurationIsRefusedWithTheWayToWriteIt() {
        JdbcIdempotentRepository repository = new JdbcIdempotentRepository();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> repository.setRetention("7 days"));
        assertTrue(e.getMessage().contains("emarsys.webhook.event-id-retention") && e.getMessage().contains("'7 days'")
                && e.getMessage().contains("P7D"), e.getMessage());
    }

    private static int rows(EmarsysStore store) throws Exception {
        try (Connection c = store.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM emarsys_idempotency")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
