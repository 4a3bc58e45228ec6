package io.camelemarsys.app;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The one wait of the examples' tests, on Awaitility: polls a condition until it holds; when it does not in time, or
 * the process it waits on died first, it fails with what was awaited and what the processes printed.
 */
final class Wait {

    private static final Duration POLL = Duration.ofMillis(200);

    private Wait() {
    }

    /** Waits up to {@code atMost} for the condition; on timeout the failure carries {@code output}. */
    static void until(String what, Duration atMost, Callable<Boolean> condition, Supplier<String> output) {
        until(what, atMost, condition, () -> false, output);
    }

    /** As above, and fails at once when {@code died} holds: a process that is gone will not get there. */
    static void until(String what, Duration atMost, Callable<Boolean> condition, BooleanSupplier died,
                      Supplier<String> output) {
        try {
            Awaitility.await(what).atMost(atMost).pollInterval(POLL)
                    .failFast("the process died", died::getAsBoolean)
                    .until(condition);
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; last output:\n" + output.get(), e);
        }
    }
}
