package io.yuqing.radar.query;

import io.yuqing.radar.schemas.AuditRecord;

/**
 * Where the service records audited requests ({@link Access#audited()}). Production: {@link
 * KafkaEsAuditLog}, the audit topic and {@code audit-*}.
 */
interface AuditLog extends AutoCloseable {
    /** Records nothing: for route tests that are not about the audit. */
    AuditLog NONE = r -> { };

    void record(AuditRecord record);

    @Override
    default void close() {
    }
}
