package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.FeedRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posts sent to the raw topic in the background at event-time pace ({@code speedup} × real
 * time), while a drill breaks something. The producer waits out a broker restart (long delivery
 * timeout, idempotent), so a post is either acknowledged once or the drill fails on it.
 */
final class DrillFeed implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final Thread thread;
    private final int total;
    private final AtomicInteger attempted = new AtomicInteger();
    private final AtomicInteger acked = new AtomicInteger();
    private final Set<String> ackedKeys = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    private DrillFeed(KafkaProducer<String, byte[]> producer, List<FeedRecord> records, String topic, Instant start,
                      long speedup) {
        this.producer = producer;
        this.total = records.size();
        this.thread = new Thread(() -> {
            long wallStart = System.nanoTime();
            for (FeedRecord r : records) {
                if (stop.get()) {
                    break;
                }
                long due = wallStart + Duration.between(start, r.eventTime()).toNanos() / speedup;
                long ahead = due - System.nanoTime();
                try {
                    if (ahead > 20_000_000L) {
                        Thread.sleep(ahead / 1_000_000L);
                    }
                } catch (InterruptedException e) {
                    return;
                }
                attempted.incrementAndGet();
                producer.send(new ProducerRecord<>(topic, r.key(), r.value()), (md, ex) -> {
                    if (ex == null) {
                        ackedKeys.add(r.key());
                        acked.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, ex);
                    }
                });
            }
            producer.flush();
        }, "drill-feed");
    }

    static DrillFeed paced(LocalStack stack, List<FeedRecord> records, Instant start, long speedup) {
        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                // a broker restart on a loaded machine can take minutes: keep retrying, never give up early
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(6).toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(6).toMillis(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        DrillFeed feed = new DrillFeed(producer, records, stack.enrichConfig().rawTopic(), start, speedup);
        feed.thread.start();
        return feed;
    }

    /** Posts Kafka acknowledged so far. */
    int sent() {
        return acked.get();
    }

    /** Waits until {@code share} (0..1) of the posts are acknowledged. */
    void awaitShare(double share, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acked.get() < share * total) {
            assertThat(failure.get()).as("sending to Kafka").isNull();
            assertThat(System.nanoTime()).as("%.0f %% of %d posts sent within %s", share * 100, total, timeout)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** Sends nothing more; what was sent is still acknowledged (see {@link #awaitDone}). */
    void stop() {
        stop.set(true);
    }

    /**
     * Waits until every post (up to {@link #stop()}) is sent and acknowledged; fails on any send
     * error.
     */
    void awaitDone(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        assertThat(thread.isAlive()).as("feed still sending after %s", timeout).isFalse();
        assertThat(failure.get()).as("sending to Kafka").isNull();
        assertThat(acked.get()).as("posts acknowledged by Kafka").isEqualTo(stop.get() ? attempted.get() : total);
    }

    /** Keys (post ids) of the acknowledged posts. */
    Set<String> ackedKeys() {
        return Set.copyOf(ackedKeys);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
        producer.close(Duration.ofSeconds(10));
    }
}
