package io.yuqing.radar.jobs.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A contract message (JSON, as on Kafka) as an archive row of {@link ArchiveSchema#rowType}. A
 * field that is absent or null is a null column; a value of the wrong kind makes the whole
 * message unreadable (the job counts and logs it) rather than archived with a guess.
 */
public final class ArchiveRows {
    private static final DateTimeFormatter DT = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH");

    private ArchiveRows() {}

    public static RowData parse(byte[] json, RowType type) throws IOException {
        JsonNode node = Json.mapper().readTree(json);
        if (node == null || !node.isObject()) {
            throw new IOException("not a JSON object");
        }
        return (RowData) convert(node, type, "");
    }

    /**
     * The partition directory of a row, {@code dt=YYYY-MM-DD/hour=HH}, from the China wall-clock
     * time in column {@code timeField}; {@code fallbackMillis} (the Kafka record's time) when the
     * row has none.
     */
    public static String partition(RowData row, int timeField, long fallbackMillis) {
        LocalDateTime t = row.isNullAt(timeField)
                ? LocalDateTime.ofInstant(Instant.ofEpochMilli(fallbackMillis), Json.CHINA)
                : row.getTimestamp(timeField, 3).toLocalDateTime();
        return partition(t);
    }

    public static String partition(LocalDateTime chinaTime) {
        return "dt=" + DT.format(chinaTime) + "/hour=" + HOUR.format(chinaTime);
    }

    private static Object convert(JsonNode v, LogicalType type, String path) throws IOException {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        switch (type.getTypeRoot()) {
            case VARCHAR:
            case CHAR:
                return StringData.fromString(v.isTextual() ? v.asText() : v.toString());
            case BIGINT:
                if (!v.isIntegralNumber()) {
                    throw new IOException(path + ": expected an integer, got " + v);
                }
                return v.asLong();
            case DOUBLE:
                if (!v.isNumber()) {
                    throw new IOException(path + ": expected a number, got " + v);
                }
                return v.asDouble();
            case BOOLEAN:
                if (!v.isBoolean()) {
                    throw new IOException(path + ": expected true or false, got " + v);
                }
                return v.asBoolean();
            case TIMESTAMP_WITHOUT_TIME_ZONE:
                return TimestampData.fromLocalDateTime(chinaTime(v, path));
            case ARRAY: {
                if (!v.isArray()) {
                    throw new IOException(path + ": expected an array, got " + v);
                }
                LogicalType item = ((ArrayType) type).getElementType();
                Object[] out = new Object[v.size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = convert(v.get(i), item, path + "[" + i + "]");
                }
                return new GenericArrayData(out);
            }
            case MAP: {
                if (!v.isObject()) {
                    throw new IOException(path + ": expected an object, got " + v);
                }
                LogicalType value = ((MapType) type).getValueType();
                Map<Object, Object> out = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(StringData.fromString(e.getKey()), convert(e.getValue(), value, path + "." + e.getKey()));
                }
                return new GenericMapData(out);
            }
            case ROW: {
                if (!v.isObject()) {
                    throw new IOException(path + ": expected an object, got " + v);
                }
                List<RowType.RowField> fields = ((RowType) type).getFields();
                GenericRowData row = new GenericRowData(fields.size());
                for (int i = 0; i < fields.size(); i++) {
                    RowType.RowField f = fields.get(i);
                    row.setField(i, convert(v.get(f.getName()), f.getType(),
                            path.isEmpty() ? f.getName() : path + "." + f.getName()));
                }
                return row;
            }
            default:
                throw new IllegalStateException("no conversion to " + type);
        }
    }

    private static LocalDateTime chinaTime(JsonNode v, String path) throws IOException {
        try {
            Instant at = v.isIntegralNumber() ? Instant.ofEpochMilli(v.asLong()) : OffsetDateTime.parse(v.asText()).toInstant();
            return LocalDateTime.ofInstant(at, Json.CHINA);
        } catch (RuntimeException e) {
            throw new IOException(path + ": not an ISO-8601 time with offset: " + v, e);
        }
    }
}
