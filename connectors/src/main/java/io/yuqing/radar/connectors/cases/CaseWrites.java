package io.yuqing.radar.connectors.cases;

import io.yuqing.radar.connectors.elasticsearch.EsDocument;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.connectors.hbase.HBaseTables;
import io.yuqing.radar.schemas.CaseEntry;
import io.yuqing.radar.schemas.CaseFile;
import io.yuqing.radar.schemas.CasesTable;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.MonthlyIndex;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.hadoop.hbase.client.Admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How a case file is stored: its HBase {@code cases} row (see {@link CasesTable}: the file as JSON
 * plus one cell per timeline entry) and its Elasticsearch document, one index per month of the
 * case's opening in China time ({@code cases-2026.05}), document id = case id, so every later
 * version of the file replaces the earlier one in the same index. The template is
 * {@value #TEMPLATE_RESOURCE} (yuqing-schemas).
 */
public final class CaseWrites {
    public static final String DEFAULT_INDEX_PREFIX = "cases";
    public static final String TEMPLATE_NAME = "yuqing-cases";
    public static final String TEMPLATE_RESOURCE = "elasticsearch/cases-template.json";

    private CaseWrites() {}

    /** The whole row: rewriting the same entries with the same values is idempotent, and no entry is ever dropped. */
    public static HBaseRow toRow(CaseFile f) {
        List<HBaseRow.Cell> cells = new ArrayList<>();
        cells.add(new HBaseRow.Cell(CasesTable.JSON, Json.toBytes(f)));
        cells.add(new HBaseRow.Cell(CasesTable.STATUS, utf8(f.status().json())));
        cells.add(new HBaseRow.Cell(CasesTable.LEVEL, utf8(f.level() == null ? "" : f.level().json())));
        for (CaseEntry e : f.timeline()) {
            cells.add(new HBaseRow.Cell(CasesTable.entryQualifier(e.seq()), Json.toBytes(e)));
        }
        return new HBaseRow(CasesTable.rowKey(f.caseId()), CasesTable.FAMILY, cells);
    }

    public static SerializableFunction<CaseFile, EsDocument> toDocument(String indexPrefix) {
        return f -> new EsDocument(indexFor(indexPrefix, f.openedAt()), f.caseId(), Json.toBytes(f));
    }

    public static String indexFor(String prefix, Instant openedAt) {
        return MonthlyIndex.indexFor(prefix, openedAt);
    }

    public static String pattern(String prefix) {
        return MonthlyIndex.pattern(prefix);
    }

    /** Creates the cases table when it is missing (pre-split on the id); never alters one. */
    public static void ensureTable(Admin admin, String name) throws IOException {
        HBaseTables.ensure(admin, name, CasesTable.FAMILY, CasesTable.splitKeys());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
