package io.yuqing.radar.query;

import org.apache.hadoop.hbase.TableNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs every {@link ReadinessCheck} in parallel under one deadline. Clients' own timeouts can be
 * minutes (HBase retries, TCP connects to a black-holed host), so the deadline is enforced here
 * and a late check is cancelled rather than waited for.
 *
 * <p>/ready is unauthenticated, so the report says which backend failed and how in a few words
 * (never an exception message, which may name hosts); the log has the details.
 */
final class Readiness {
    private static final Logger LOG = LoggerFactory.getLogger(Readiness.class);
    static final String UP = "up";

    /** @param checks name → "up" or a short reason it is down */
    record Report(boolean ready, Map<String, String> checks) {}

    private final List<ReadinessCheck> checks;
    private final Duration timeout;
    private final ExecutorService executor;

    Readiness(List<ReadinessCheck> checks, Duration timeout, ExecutorService executor) {
        this.checks = List.copyOf(checks);
        this.timeout = timeout;
        this.executor = executor;
    }

    Report run() {
        Map<String, Future<?>> running = new LinkedHashMap<>();
        for (ReadinessCheck c : checks) {
            running.put(c.name(), executor.submit(() -> {
                c.probe().run();
                return null;
            }));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> report = new LinkedHashMap<>();
        boolean ready = true;
        for (Map.Entry<String, Future<?>> e : running.entrySet()) {
            String outcome = outcome(e.getKey(), e.getValue(), deadline);
            report.put(e.getKey(), outcome);
            ready &= UP.equals(outcome);
        }
        return new Report(ready, report);
    }

    private String outcome(String name, Future<?> f, long deadline) {
        try {
            f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return UP;
        } catch (TimeoutException e) {
            f.cancel(true);
            LOG.warn("readiness: {} did not answer within {} ms", name, timeout.toMillis());
            return "timed out after " + timeout.toMillis() + " ms";
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            LOG.warn("readiness: {} is down", name, cause);
            return reason(cause);
        }
    }

    private static String reason(Throwable t) {
        if (t instanceof TableNotFoundException) {
            return "table not found";
        }
        return "failed (" + t.getClass().getSimpleName() + ")";
    }
}
