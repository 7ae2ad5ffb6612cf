package io.yuqing.radar.jobs.notify;

/**
 * A Kafka topic whose messages become notifications. The notifier reads every configured source;
 * {@link AlertNotifications} (alerts) and {@link ReminderNotifications} (the cases job's
 * 督办 reminders).
 */
public interface NotificationSource {
    /** The Kafka topic it reads. */
    String topic();

    /**
     * The notification a message carries.
     *
     * @throws IllegalArgumentException when the message cannot be read (it is dead-lettered with
     *                                  the reason, and the notifier goes on)
     */
    Notification parse(byte[] key, byte[] value);
}
