package io.yuqing.radar.connectors.alerts;

import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.MonthlyIndex;
import org.apache.flink.util.function.SerializableFunction;

import java.time.Instant;

/**
 * How an alert is stored in Elasticsearch: one index per month, {@code alerts-2026.11}, document
 * id = alert id, so a replayed report overwrites itself instead of duplicating. The month is
 * taken from the report's {@code window_end} (event time), not from {@code detected_at}: a replay
 * after a failure may issue the same report later, and must still land in the same index. The
 * template {@value #TEMPLATE_RESOURCE} (in yuqing-schemas) applies to {@code alerts-*}.
 */
public final class AlertWrites {
    public static final String DEFAULT_PREFIX = "alerts";
    public static final String TEMPLATE_NAME = "yuqing-alerts";
    public static final String TEMPLATE_RESOURCE = "elasticsearch/alerts-template.json";

    private AlertWrites() {}

    public static String indexFor(String prefix, Instant windowEnd) {
        return MonthlyIndex.indexFor(prefix, windowEnd);
    }

    public static String pattern(String prefix) {
        return MonthlyIndex.pattern(prefix);
    }

    public static SerializableFunction<Alert, EsDocument> toDocument(String indexPrefix) {
        return a -> new EsDocument(indexFor(indexPrefix, a.windowEnd() != null ? a.windowEnd() : a.detectedAt()),
                a.alertId(), Json.toBytes(a));
    }
}
