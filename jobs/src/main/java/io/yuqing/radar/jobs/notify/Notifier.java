package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.Json;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads the sources' topics and delivers each message to the channels its routes name, at most
 * once per channel across restarts:
 * <ol>
 * <li>a consumer in group {@code notify.group}, {@code read_committed} (the alerts are
 *     transactional), auto-commit off;</li>
 * <li>per message and channel, the delivery key ({@link Notification#deliveryKey}) is looked up in
 *     the {@link DeliveryLedger}; a key already there is skipped;</li>
 * <li>otherwise up to {@code notify.retry.attempts} attempts with doubling backoff; delivered →
 *     recorded in the ledger; refused, or failing after the last attempt → a dead letter on
 *     {@code yuqing.notify.dlq}, then recorded too (a person takes it from there);</li>
 * <li>offsets are committed after every record of a poll is done.</li>
 * </ol>
 * So a restart, a rebalance or lost offsets re-read messages but deliver none twice; the one gap
 * is a crash between a channel's "ok" and the ledger's acknowledgement (milliseconds), after which
 * that message is delivered once more on that one channel: webhooks have no idempotency key of
 * their own to close it, e-mail carries a Message-ID derived from the key.
 *
 * <p>Not a Flink job: deliveries are side effects outside any transaction, so a checkpoint cannot
 * make them exactly once (a restore replays everything after the checkpoint and Flink state
 * rolls back with it): the durable ledger is needed either way, and with it a plain consumer is
 * all there is. Volume is alerts and reminders, a few a minute; one instance (one Deployment
 * replica) is enough, and two would only split the partitions between them.
 */
public final class Notifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

    private final NotifyConfig config;
    private final List<NotificationSource> sources;
    private final Map<String, Channel> channels;
    private final DeliveryLedger ledger;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final Sleeper sleeper;
    private volatile boolean stopping;
    private Thread thread;

    /** Pauses between attempts; tests may shorten them. */
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param kafka client properties (bootstrap, security) shared by the consumer, the ledger
     *              and the dead-letter producer
     */
    public Notifier(NotifyConfig config, List<NotificationSource> sources, Properties kafka) {
        this(config, sources, kafka, Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    Notifier(NotifyConfig config, List<NotificationSource> sources, Properties kafka, Clock clock, Sleeper sleeper) {
        this.config = config;
        this.sources = List.copyOf(sources);
        this.sleeper = sleeper;
        HttpClient http = HttpClient.newBuilder().connectTimeout(config.timeout()).build();
        Map<String, Channel> cs = new HashMap<>();
        config.channels().values().forEach(spec -> cs.put(spec.id(), switch (spec.type()) {
            case WECOM, DINGTALK, FEISHU -> new WebhookChannel(spec, http, config.timeout(), clock);
            case EMAIL -> new MailChannel(spec, config.smtp(), config.timeout());
            case LOG -> new LogChannel();
        }));
        this.channels = Map.copyOf(cs);
        this.ledger = new KafkaDeliveryLedger(kafka, config.deliveredTopic());
        Properties p = new Properties();
        p.putAll(kafka);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        this.deadLetters = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.putAll(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, config.group());
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // deliveries with retries can take minutes; the group must not think the notifier dead
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "20");
        c.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, String.valueOf(TimeUnit.MINUTES.toMillis(30)));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        this.consumer = new KafkaConsumer<>(c);
    }

    /** Where each channel delivers, one line each, for the start-up banner. */
    public List<String> describeChannels() {
        return config.channels().values().stream().map(s -> s.id() + " → " + s.describe()).sorted().toList();
    }

    /** Runs the loop on a thread of its own until {@link #close()}. */
    public synchronized Notifier start() {
        thread = new Thread(this::run, "yuqing-notifier");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** The loop, on the caller's thread, until {@link #close()} from another. */
    public void run() {
        Map<String, NotificationSource> byTopic = sources.stream()
                .collect(Collectors.toMap(NotificationSource::topic, Function.identity()));
        LOG.info("notifier reading {} as group {}: {}", byTopic.keySet(), config.group(), config);
        try {
            consumer.subscribe(List.copyOf(byTopic.keySet()));
            while (!stopping) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    if (stopping) {
                        return;  // not committed: the rest is read again, and the ledger skips what was done
                    }
                    handle(byTopic.get(r.topic()), r);
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (!stopping) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(NotificationSource source, ConsumerRecord<byte[], byte[]> r) throws InterruptedException {
        Notification n;
        try {
            n = source.parse(r.key(), r.value());
        } catch (RuntimeException e) {
            String key = r.topic() + "-" + r.partition() + "@" + r.offset();
            LOG.warn("unreadable message {}: {}", key, e.getMessage());
            if (!ledger.contains(key)) {
                deadLetter(key, new NotificationDeadLetter("unreadable", e.getMessage(), null, null, null, null, null,
                        null, null, r.topic(), r.partition(), r.offset(), Instant.now()));
                ledger.record(key, "dead_lettered");
            }
            return;
        }
        for (ChannelSpec spec : config.route(n)) {
            String key = n.deliveryKey(spec.id());
            if (ledger.contains(key)) {
                LOG.debug("{} already done, skipped", key);
                continue;
            }
            Outcome last = null;
            int attempt = 0;
            while (attempt < config.maxAttempts() && !stopping) {
                attempt++;
                if (attempt > 1) {
                    sleeper.sleep(config.backoffBefore(attempt));
                }
                try {
                    last = channels.get(spec.id()).send(n);
                } catch (RuntimeException e) {
                    // a channel's own bug or an unforeseen client error: treated as passing trouble
                    last = Outcome.retry(e.toString());
                }
                if (last.kind() != Outcome.Kind.RETRY) {
                    break;
                }
                LOG.warn("{} attempt {}/{} failed: {}", key, attempt, config.maxAttempts(), last.reason());
            }
            if (last == null || (last.kind() == Outcome.Kind.RETRY && stopping)) {
                return;  // stopping mid-retry: not recorded, so the next start tries again
            }
            if (last.kind() == Outcome.Kind.DELIVERED) {
                ledger.record(key, "delivered");
                LOG.info("{} delivered to {} ({})", key, spec.id(), spec.describe());
            } else {
                String reason = last.kind() == Outcome.Kind.REFUSED ? "refused" : "gave_up";
                LOG.warn("{} {} by {}: {}", key, reason, spec.id(), last.reason());
                deadLetter(key, new NotificationDeadLetter(reason, last.reason(), key, n.id(), n.source(), spec.id(),
                        spec.type().name().toLowerCase(java.util.Locale.ROOT), attempt, n.title(), r.topic(),
                        r.partition(), r.offset(), Instant.now()));
                ledger.record(key, "dead_lettered");
            }
        }
    }

    private void deadLetter(String key, NotificationDeadLetter d) {
        try {
            deadLetters.send(new ProducerRecord<>(config.deadLetterTopic(), key.getBytes(StandardCharsets.UTF_8),
                    Json.toBytes(d))).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("dead letter for " + key + " not written to " + config.deadLetterTopic(), e);
        }
    }

    /** Stops the loop (a record in progress finishes its current attempt) and closes the clients. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(TimeUnit.MINUTES.toMillis(1));
        }
        deadLetters.close(Duration.ofSeconds(10));
        ledger.close();
        channels.values().forEach(Channel::close);
    }
}
