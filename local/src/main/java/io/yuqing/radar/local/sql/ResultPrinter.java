package io.yuqing.radar.local.sql;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Json;

import java.io.PrintStream;
import java.lang.reflect.Array;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A query's rows as an aligned table, CSV (RFC 4180) or JSON Lines. The table measures Chinese
 * characters as two columns wide, as terminals draw them, so 广东 lines up under a header.
 */
public final class ResultPrinter {
    public enum Format { TABLE, CSV, JSON }

    /** Rows the table format holds before it stops aligning (it must see every row to size columns). */
    static final int TABLE_LIMIT = 10_000;

    private final Format format;
    private final PrintStream out;
    private final List<String> columns;
    private final List<Object[]> held = new ArrayList<>();
    private long rows;

    public ResultPrinter(Format format, PrintStream out, List<String> columns) {
        this.format = format;
        this.out = out;
        this.columns = columns;
        if (format == Format.CSV) {
            out.println(String.join(",", columns.stream().map(ResultPrinter::csv).toList()));
        }
    }

    public static Format format(String name) {
        try {
            return Format.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--format takes table, csv or json, got '" + name + "'");
        }
    }

    public void row(Object[] values) {
        rows++;
        switch (format) {
            case CSV -> {
                List<String> cells = new ArrayList<>();
                for (Object v : values) {
                    cells.add(v == null ? "" : csv(text(v)));
                }
                out.println(String.join(",", cells));
            }
            case JSON -> {
                ObjectNode o = Json.mapper().createObjectNode();
                for (int i = 0; i < values.length; i++) {
                    o.set(columns.get(i), Json.mapper().valueToTree(jsonable(values[i])));
                }
                out.println(o.toString());
            }
            case TABLE -> {
                if (held.size() < TABLE_LIMIT) {
                    held.add(values);
                }
            }
        }
    }

    public long rows() {
        return rows;
    }

    /** Ends the result: the table is printed now, with the row count under it. */
    public void finish() {
        if (format != Format.TABLE) {
            out.flush();
            return;
        }
        int n = columns.size();
        int[] width = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            width[i] = width(columns.get(i));
        }
        for (Object[] r : held) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = r[i] == null ? "NULL" : text(r[i]).replace('\n', ' ');
                width[i] = Math.max(width[i], width(c[i]));
            }
            cells.add(c);
        }
        StringBuilder rule = new StringBuilder("+");
        for (int w : width) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        out.println(rule);
        out.println(line(columns.toArray(String[]::new), width, null));
        out.println(rule);
        for (int j = 0; j < cells.size(); j++) {
            out.println(line(cells.get(j), width, held.get(j)));
        }
        out.println(rule);
        out.println(rows + (rows == 1 ? " row" : " rows")
                + (rows > held.size() ? " (the first " + held.size() + " shown; --format csv or json prints all)" : ""));
        out.flush();
    }

    private static String line(String[] c, int[] width, Object[] raw) {
        StringBuilder b = new StringBuilder("|");
        for (int i = 0; i < c.length; i++) {
            String pad = " ".repeat(width[i] - width(c[i]));
            boolean number = raw != null && raw[i] instanceof Number;
            b.append(' ').append(number ? pad + c[i] : c[i] + pad).append(" |");
        }
        return b.toString();
    }

    /** Terminal columns: East Asian wide and full-width characters take two. */
    static int width(String s) {
        int w = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            w += wide(cp) ? 2 : 1;
        }
        return w;
    }

    private static boolean wide(int cp) {
        return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) || (cp >= 0xAC00 && cp <= 0xD7A3)
                || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60)
                || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    }

    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof LocalDateTime t) {
            return time(t);
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) + ".0" : String.valueOf(d);
        }
        if (v.getClass().isArray() || v instanceof Map || v instanceof org.apache.flink.types.Row) {
            return Json.mapper().valueToTree(jsonable(v)).toString();
        }
        return v.toString();
    }

    private static Object jsonable(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof LocalDateTime t) {
            return time(t);
        }
        if (v.getClass().isArray()) {
            ArrayNode a = Json.mapper().createArrayNode();
            for (int i = 0; i < Array.getLength(v); i++) {
                a.add(Json.mapper().valueToTree(jsonable(Array.get(v, i))));
            }
            return a;
        }
        if (v instanceof Map<?, ?> m) {
            ObjectNode o = Json.mapper().createObjectNode();
            m.forEach((k, x) -> o.set(String.valueOf(k), Json.mapper().valueToTree(jsonable(x))));
            return o;
        }
        if (v instanceof org.apache.flink.types.Row r) {
            ObjectNode o = Json.mapper().createObjectNode();
            var names = r.getFieldNames(true);
            for (int i = 0; i < r.getArity(); i++) {
                String name = names != null ? new ArrayList<>(names).get(i) : "f" + i;
                o.set(name, Json.mapper().valueToTree(jsonable(r.getField(i))));
            }
            return o;
        }
        return v.toString();
    }

    /** Always with seconds (LocalDateTime.toString drops zero seconds), milliseconds only when set. */
    static String time(LocalDateTime t) {
        return (t.getNano() == 0 ? SECONDS : MILLIS).format(t);
    }

    private static final java.time.format.DateTimeFormatter SECONDS = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final java.time.format.DateTimeFormatter MILLIS = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    private static String csv(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
