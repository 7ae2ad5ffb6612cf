package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Json;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Sends a {@link PostFeed} to a Kafka topic paced on event time ({@link Pacing}), optionally
 * rebased so the feed's first record lands at "now". Sends are asynchronous; the summary counts
 * what the broker acknowledged and what failed.
 *
 * <p>The Kafka record timestamp is left to the producer (send time), not set to the event time:
 * brokers apply retention by record timestamp, and a replay of 2013 data stamped 2013 would be
 * deleted as soon as it landed. Event time travels in {@code created_at}.
 */
public final class Replayer implements AutoCloseable {
    /** Longest single sleep, so progress lines and {@link #stop()} are honoured during long gaps. */
    private static final Duration MAX_SLEEP = Duration.ofMillis(500);

    /**
     * @param topic          e.g. "yuqing.posts.raw"
     * @param speedUp        event time per wall time: 1 = real time, 60 = a minute per second, 0 = as fast as possible
     * @param rebase         rewrite created_at onto the replay's own clock: the first record lands at
     *                       {@code rebaseTo} and later ones {@code (t - first) / speedUp} after it,
     *                       so a sped-up replay stays "now" instead of running into the future
     *                       (which the enrich job refuses); with speedUp 0 or 1 it is a plain shift
     * @param rebaseTo       where the first record lands when rebasing; null = the moment the replay starts
     * @param live           never send a record before its own event time: history (event time
     *                       already past) is caught up at {@code speedUp}, the rest goes out in
     *                       real time as its moment comes (the demo generator: "the last 40
     *                       minutes, then live"); implies no rebase
     * @param maxRecords     stop after this many records (0 = no limit)
     * @param maxEventSpan   stop at the first record this far (event time) after the first one (null = no limit)
     * @param progressEvery  how often to report
     * @param progress       where progress lines go
     * @param partition      send every record to this partition (null = by key, the producer's
     *                       default). An unpaced replay spread over partitions is read by the
     *                       enrich job's subtasks at their own speeds, which drift minutes or hours
     *                       of event time apart, and the topics job would see most posts late; one
     *                       partition keeps the feed's order into the enrich job
     */
    public record Options(String topic, double speedUp, boolean rebase, Instant rebaseTo, boolean live, long maxRecords,
                          Duration maxEventSpan, Duration progressEvery, Consumer<String> progress, Integer partition) {
        public Options {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(progressEvery, "progressEvery");
            Objects.requireNonNull(progress, "progress");
            if (speedUp < 0 || maxRecords < 0) {
                throw new IllegalArgumentException("speedUp and maxRecords must be >= 0");
            }
            if (live && rebase) {
                throw new IllegalArgumentException("a live replay keeps its records' own times: it cannot rebase");
            }
        }

        /** Real time, rebased to now, no limits, progress to System.out every 5 s. */
        public static Options to(String topic) {
            return new Options(topic, 1.0, true, null, false, 0, null, Duration.ofSeconds(5), System.out::println, null);
        }

        public Options withSpeedUp(double v) { return new Options(topic, v, rebase, rebaseTo, live, maxRecords, maxEventSpan, progressEvery, progress, partition); }
        public Options withRebase(boolean v) { return new Options(topic, speedUp, v, rebaseTo, live, maxRecords, maxEventSpan, progressEvery, progress, partition); }
        public Options withRebaseTo(Instant v) { return new Options(topic, speedUp, true, v, live, maxRecords, maxEventSpan, progressEvery, progress, partition); }
        /** Catch up history at {@link #speedUp}, then real time; records keep their own times. */
        public Options catchUpThenLive() { return new Options(topic, speedUp, false, null, true, maxRecords, maxEventSpan, progressEvery, progress, partition); }
        public Options withMaxRecords(long v) { return new Options(topic, speedUp, rebase, rebaseTo, live, v, maxEventSpan, progressEvery, progress, partition); }
        public Options withMaxEventSpan(Duration v) { return new Options(topic, speedUp, rebase, rebaseTo, live, maxRecords, v, progressEvery, progress, partition); }
        public Options withProgress(Duration every, Consumer<String> sink) { return new Options(topic, speedUp, rebase, rebaseTo, live, maxRecords, maxEventSpan, every, sink, partition); }
        public Options withPartition(Integer v) { return new Options(topic, speedUp, rebase, rebaseTo, live, maxRecords, maxEventSpan, progressEvery, progress, v); }
        /**
         * The records' own times, as fast as the broker takes them, every record to partition 0:
         * a recorded export replayed for a backtest ({@code --as-recorded}).
         */
        public Options asRecorded() { return new Options(topic, 0, false, null, false, maxRecords, maxEventSpan, progressEvery, progress, 0); }
    }

    /**
     * @param sent           records the broker acknowledged
     * @param failed         records whose send failed
     * @param elapsed        wall time of the replay, flush included
     * @param firstEventTime event time of the first record as sent (rebased when rebasing), null when none
     * @param lastEventTime  event time of the last record as sent
     */
    public record Summary(long sent, long failed, Duration elapsed, Instant firstEventTime, Instant lastEventTime) {}

    private final Producer<String, byte[]> producer;
    private volatile boolean stopped;

    public Replayer(Producer<String, byte[]> producer) {
        this.producer = producer;
    }

    /** A replayer with its own producer: acks=all, idempotent, lz4, small linger for batching. */
    public static Replayer connect(String bootstrapServers, Map<String, Object> overrides) {
        Map<String, Object> cfg = producerConfig(bootstrapServers);
        cfg.putAll(overrides);
        return new Replayer(new KafkaProducer<>(cfg, new StringSerializer(), new ByteArraySerializer()));
    }

    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> cfg = new HashMap<>();
        cfg.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        cfg.put(ProducerConfig.ACKS_CONFIG, "all");
        cfg.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        cfg.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        cfg.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        cfg.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        cfg.put(ProducerConfig.CLIENT_ID_CONFIG, "yuqing-replayer");
        return cfg;
    }

    /** Ends a running {@link #replay} after the record in flight; safe from any thread. */
    public void stop() {
        stopped = true;
    }

    /** Sends {@code feed} until it ends, a limit is reached, {@link #stop()} or an interrupt. Does not close the feed. */
    public Summary replay(PostFeed feed, Options options) {
        stopped = false;
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long startNanos = System.nanoTime();
        long lastReport = startNanos;
        long reportEveryNanos = options.progressEvery().toNanos();
        long attempted = 0;
        long attemptedAtLastReport = 0;
        Instant first = null;
        Instant firstSent = null;
        Instant lastSent = null;
        Instant base = null;
        Duration lag = Duration.ZERO;
        loop:
        while (!stopped && feed.hasNext()) {
            if (options.maxRecords() > 0 && attempted >= options.maxRecords()) {
                break;
            }
            FeedRecord r = feed.next();
            if (first == null) {
                first = r.eventTime();
                base = options.rebaseTo() != null ? options.rebaseTo() : Instant.now();
            }
            if (options.maxEventSpan() != null && r.eventTime().isAfter(first.plus(options.maxEventSpan()))) {
                break;
            }
            while (true) {
                Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
                Duration wait = Pacing.waitBefore(first, r.eventTime(), options.speedUp(), elapsed);
                if (options.live()) {
                    wait = Pacing.later(wait, Pacing.untilDue(r.eventTime(), Instant.now()));
                }
                if (wait.isZero()) {
                    lag = Pacing.lag(first, r.eventTime(), options.speedUp(), elapsed);
                    break;
                }
                try {
                    Thread.sleep(Math.max(1, Math.min(wait.toMillis(), MAX_SLEEP.toMillis())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break loop;
                }
                if (stopped) {
                    break loop;
                }
                long now = System.nanoTime();
                if (now - lastReport >= reportEveryNanos) {
                    report(options, attempted, acked, failed, attempted - attemptedAtLastReport, now - lastReport,
                            lastSent, Duration.ZERO, "waiting");
                    attemptedAtLastReport = attempted;
                    lastReport = now;
                }
            }
            Instant sentTime = options.rebase() ? Pacing.rebased(first, r.eventTime(), base, options.speedUp()) : r.eventTime();
            byte[] value = options.rebase() ? CreatedAtShift.apply(r.value(), Duration.between(r.eventTime(), sentTime)) : r.value();
            try {
                producer.send(new ProducerRecord<>(options.topic(), options.partition(), r.key(), value), (meta, error) -> {
                    if (error == null) {
                        acked.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                });
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
            attempted++;
            if (firstSent == null) {
                firstSent = sentTime;
            }
            lastSent = sentTime;
            long now = System.nanoTime();
            if (now - lastReport >= reportEveryNanos) {
                report(options, attempted, acked, failed, attempted - attemptedAtLastReport, now - lastReport,
                        lastSent, lag, null);
                attemptedAtLastReport = attempted;
                lastReport = now;
            }
        }
        producer.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        Summary summary = new Summary(acked.get(), failed.get(), elapsed, firstSent, lastSent);
        options.progress().accept(String.format(Locale.ROOT, "done: %,d sent, %,d failed in %.1f s (%s → %s)",
                summary.sent(), summary.failed(), elapsed.toMillis() / 1000.0,
                firstSent == null ? "-" : Json.formatTime(firstSent), lastSent == null ? "-" : Json.formatTime(lastSent)));
        return summary;
    }

    private static void report(Options options, long attempted, AtomicLong acked, AtomicLong failed, long since,
                               long sinceNanos, Instant eventTime, Duration lag, String state) {
        double rate = since / (sinceNanos / 1e9);
        options.progress().accept(String.format(Locale.ROOT,
                "%,d sent (%,d acked, %,d failed), %.0f/s, event time %s, lag %.1f s%s",
                attempted, acked.get(), failed.get(), rate, eventTime == null ? "-" : Json.formatTime(eventTime),
                lag.toMillis() / 1000.0, state == null ? "" : " (" + state + ")"));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
