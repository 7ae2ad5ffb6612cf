package io.yuqing.radar.jobs.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one place a table's columns come from: its contract's JSON Schema, read from the schemas
 * module at run time, so the Parquet files, the Flink SQL tables and the Hive/Spark/Trino DDL all
 * follow the contract without a second hand-kept copy.
 *
 * <p>Mapping: string and enum → STRING; a date-time (the contracts' {@code timestamp}) →
 * TIMESTAMP(3) holding China wall-clock time (what analysts read and group by; the contracts
 * write +08:00); integer → BIGINT; number → DOUBLE; boolean → BOOLEAN; array → ARRAY of its item;
 * object with properties → ROW of them; object with only additionalProperties (platform counts,
 * regions) → MAP&lt;STRING, value&gt;. Columns are in the contract's property order; fields a
 * message has beyond the contract are not archived.
 */
public final class ArchiveSchema {
    private ArchiveSchema() {}

    /** The table's row type, every column nullable (older messages may lack newer fields). */
    public static RowType rowType(ArchiveTable table) {
        JsonNode schema = load(table.schemaResource());
        return (RowType) typeOf(schema, schema, table.tableName());
    }

    static JsonNode load(String resource) {
        try (InputStream in = ArchiveSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no contract " + resource + " on the classpath (schemas module)");
            }
            return Json.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read contract " + resource, e);
        }
    }

    private static LogicalType typeOf(JsonNode node, JsonNode root, String where) {
        JsonNode n = resolve(node, root);
        if (n.has("enum")) {
            return new VarCharType(true, VarCharType.MAX_LENGTH);
        }
        String type = n.path("type").asText("");
        if (type.isEmpty() && n.has("properties")) {
            type = "object";
        }
        switch (type) {
            case "string":
                return "date-time".equals(n.path("format").asText()) ? new TimestampType(true, 3)
                        : new VarCharType(true, VarCharType.MAX_LENGTH);
            case "integer":
                return new BigIntType(true);
            case "number":
                return new DoubleType(true);
            case "boolean":
                return new BooleanType(true);
            case "array":
                return new ArrayType(true, typeOf(n.path("items"), root, where + "[]"));
            case "object":
                if (n.has("properties")) {
                    List<RowType.RowField> fields = new ArrayList<>();
                    Iterator<Map.Entry<String, JsonNode>> it = n.get("properties").fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> p = it.next();
                        String desc = resolve(p.getValue(), root).path("description").asText(
                                p.getValue().path("description").asText(null));
                        fields.add(new RowType.RowField(p.getKey(), typeOf(p.getValue(), root, where + "." + p.getKey()), desc));
                    }
                    return new RowType(true, fields);
                }
                JsonNode values = n.path("additionalProperties");
                if (values.isObject()) {
                    return new MapType(true, new VarCharType(false, VarCharType.MAX_LENGTH), typeOf(values, root, where + "{}"));
                }
                throw new IllegalArgumentException(where + ": an object with neither properties nor typed additionalProperties");
            default:
                throw new IllegalArgumentException(where + ": no column type for JSON Schema type '" + type + "'");
        }
    }

    /** Follows a local {@code $ref} (#/$defs/…), keeping the referring node's description. */
    private static JsonNode resolve(JsonNode node, JsonNode root) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        String pointer = ref.asText();
        if (!pointer.startsWith("#")) {
            throw new IllegalArgumentException("only local $ref is supported, got " + pointer);
        }
        JsonNode target = root.at(pointer.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolved $ref " + pointer);
        }
        return resolve(target, root);
    }
}
