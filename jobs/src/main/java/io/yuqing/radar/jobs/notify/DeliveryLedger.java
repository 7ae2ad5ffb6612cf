package io.yuqing.radar.jobs.notify;

/**
 * The durable record of what has been done with each delivery key (message × channel): delivered
 * or dead-lettered. The notifier asks it before every delivery, so a message read again (after a
 * restart, lost offsets, a rebalance) is not delivered again.
 */
interface DeliveryLedger extends AutoCloseable {
    boolean contains(String deliveryKey);

    /** Returns once the record is durable (acknowledged by all in-sync replicas). */
    void record(String deliveryKey, String outcome);

    @Override
    default void close() {
    }
}
