package io.yuqing.radar.connectors;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Exponential back-off for a sink whose store is failing: re-queued writes wait 100 ms, 200 ms …
 * up to 5 s while failures continue, and none once a write succeeds. Without it an unavailable
 * store is hammered with retries (a 30 s Elasticsearch outage once cost 350,000 bulk requests) and
 * the log fills with the same warning; the warning is kept to one every few seconds.
 */
public final class RetryBackoff {
    private static final long FIRST_MS = 100;
    private static final long MAX_MS = 5_000;
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final AtomicInteger failures = new AtomicInteger();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    /** The delay before retrying after one more consecutive failure. */
    public Duration onFailure() {
        int n = failures.getAndIncrement();
        return Duration.ofMillis(Math.min(MAX_MS, FIRST_MS << Math.min(n, 16)));
    }

    public void onSuccess() {
        failures.set(0);
    }

    /** Runs {@code retry} after the back-off for one more failure. */
    public void retryLater(Runnable retry) {
        long ms = onFailure().toMillis();
        CompletableFuture.delayedExecutor(ms, TimeUnit.MILLISECONDS).execute(retry);
    }

    /** True at most once per few seconds, for warnings that would otherwise repeat per batch. */
    public boolean shouldLog() {
        long now = System.nanoTime();
        long last = lastLog.get();
        return now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now);
    }

    public int consecutiveFailures() {
        return failures.get();
    }
}
