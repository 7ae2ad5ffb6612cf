package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.schemas.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Properties;

/**
 * The notifier's process: wires the settings ({@code --config FILE}, {@code YUQING_*}) to a
 * {@link Notifier} over the alert source and runs it until the process is stopped. A plain Kafka
 * consumer, not a Flink job (why: {@link Notifier}); the Helm chart runs it as a Deployment of
 * one replica, the local stack in its own JVM's thread.
 */
public final class NotifyJob {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyJob.class);
    public static final String NAME = "notify";

    private NotifyJob() {}

    /** The sources the notifier reads: the alerts, and the cases job's 督办 reminders. */
    public static List<NotificationSource> sources(NotifyConfig config) {
        return List.of(new AlertNotifications(config.alertsTopic(), config.linkBase()),
                new ReminderNotifications(config.remindersTopic(), config.linkBase()));
    }

    public static Notifier build(Settings settings) {
        NotifyConfig config = NotifyConfig.from(settings);
        Properties kafka = KafkaConnection.from(settings).clientProperties();
        return new Notifier(config, sources(config), kafka);
    }

    public static void main(String[] args) throws Exception {
        Notifier notifier = build(Settings.fromArgs(args));
        notifier.describeChannels().forEach(c -> LOG.info("channel {}", c));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                notifier.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "yuqing-notifier-shutdown"));
        notifier.run();
    }
}
