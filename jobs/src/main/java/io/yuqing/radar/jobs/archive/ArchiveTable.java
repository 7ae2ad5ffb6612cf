package io.yuqing.radar.jobs.archive;

/**
 * The archive's tables: each is one contract (a JSON Schema in the schemas module) written as
 * Parquet under {@code <archive.uri>/<name>/dt=YYYY-MM-DD/hour=HH/}, partitioned by the China-time
 * hour of {@link #timeColumn}.
 */
public enum ArchiveTable {
    /** Enriched posts, by the hour they were published. */
    POSTS("posts", "enriched-post.schema.json", "created_at", "kafka.topic.enriched"),
    /** Topic snapshots, by the hour their window ended. */
    TOPICS("topics", "topic-snapshot.schema.json", "window_end", "kafka.topic.topics"),
    /** Alerts (首报 and 续报), by the hour they were raised. */
    ALERTS("alerts", "alert.schema.json", "detected_at", "kafka.topic.alerts"),
    /**
     * Case events (签收, 指派, 回应, 辟谣, 办结 …), by the hour they were done. With the alerts and the
     * reminders they are the facts a case file (一情一档) is folded from, so a case's history can be
     * queried without the ledger's mutable rows.
     */
    CASE_EVENTS("case_events", "case-event.schema.json", "at", "kafka.topic.cases-events"),
    /** 督办 reminders, by the hour they were issued. */
    CASE_REMINDERS("case_reminders", "case-reminder.schema.json", "issued_at", "kafka.topic.cases-reminders");

    private final String tableName;
    private final String schemaFile;
    private final String timeColumn;
    private final String topicKey;

    ArchiveTable(String tableName, String schemaFile, String timeColumn, String topicKey) {
        this.tableName = tableName;
        this.schemaFile = schemaFile;
        this.timeColumn = timeColumn;
        this.topicKey = topicKey;
    }

    /** The directory under the archive and the SQL table name. */
    public String tableName() {
        return tableName;
    }

    /** The contract, a resource under {@code schemas/} in the schemas module. */
    public String schemaResource() {
        return "schemas/" + schemaFile;
    }

    public String timeColumn() {
        return timeColumn;
    }

    /** The setting naming the Kafka topic the table is read from. */
    public String topicKey() {
        return topicKey;
    }
}
