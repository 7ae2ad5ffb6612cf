package io.yuqing.radar.jobs.notify;

/**
 * A Kafka topic whose messages become notifications. The notifier reads every configured source;
 * {@link AlertNotifications} is the first, the cases job's 督办 reminders
 * ({@code yuqing.cases.reminders}) plug in as a second implementation with their own contract.
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
