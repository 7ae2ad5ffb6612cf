package io.yuqing.radar.jobs.notify;

/** Delivers a notification somewhere; one attempt per call (retries are the notifier's). */
public interface Channel extends AutoCloseable {
    Outcome send(Notification n);

    @Override
    default void close() {
    }
}
