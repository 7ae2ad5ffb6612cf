package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.Category;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads labelled texts for {@link CategoryModel}: a UTF-8 TSV with a header line naming its
 * columns, of which {@code text} and {@code category} (a category code) are used and the others
 * ignored. Labels kept apart from their texts (the CED layout: {@code event_id category …} in one
 * file, {@code event_id … text} in another) are joined by {@code event_id}. Every error names the
 * file and line, since an office's own label files are typed by hand.
 */
public final class TrainingData {
    private TrainingData() {}

    /**
     * @param data  the labels: columns {@code text} and {@code category}, or {@code event_id} and
     *              {@code category} when {@code texts} is given
     * @param texts null, or a TSV with columns {@code event_id} and {@code text}
     */
    public static List<CategoryModel.Example> read(Path data, Path texts) throws IOException {
        Map<String, String> byId = texts == null ? null : texts(texts);
        List<CategoryModel.Example> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
            Map<String, Integer> cols = header(r.readLine(), data);
            int category = column(cols, "category", data);
            int text = byId == null ? column(cols, "text", data) : -1;
            int id = byId == null ? -1 : column(cols, "event_id", data);
            int lineNo = 1;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                int needed = Math.max(category, Math.max(text, id));
                if (f.length <= needed) {
                    throw new IllegalArgumentException(data + ":" + lineNo + ": " + f.length + " columns, the header names "
                            + cols.size() + " (is a tab missing, or a text broken over lines?)");
                }
                Category c;
                try {
                    c = Category.of(f[category]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(data + ":" + lineNo + ": " + e.getMessage(), e);
                }
                String t;
                if (byId == null) {
                    t = f[text];
                } else {
                    t = byId.get(f[id].strip());
                    if (t == null) {
                        throw new IllegalArgumentException(data + ":" + lineNo + ": event_id '" + f[id] + "' is not in " + texts);
                    }
                }
                if (t.isBlank()) {
                    throw new IllegalArgumentException(data + ":" + lineNo + ": empty text");
                }
                out.add(new CategoryModel.Example(t, c));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(data + ": no labelled rows after the header");
        }
        return out;
    }

    private static Map<String, String> texts(Path file) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Map<String, Integer> cols = header(r.readLine(), file);
            int id = column(cols, "event_id", file);
            int text = column(cols, "text", file);
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length > Math.max(id, text)) {
                    out.put(f[id].strip(), f[text]);
                }
            }
        }
        return out;
    }

    private static Map<String, Integer> header(String line, Path file) {
        if (line == null) {
            throw new IllegalArgumentException(file + ": empty file (expected a header line of column names)");
        }
        Map<String, Integer> cols = new HashMap<>();
        String[] f = line.replace("\uFEFF", "").split("\t", -1);
        for (int i = 0; i < f.length; i++) {
            cols.putIfAbsent(f[i].strip(), i);
        }
        return cols;
    }

    private static int column(Map<String, Integer> cols, String name, Path file) {
        Integer i = cols.get(name);
        if (i == null) {
            throw new IllegalArgumentException(file + ":1: no '" + name + "' column in the header " + cols.keySet()
                    + " (tab-separated column names expected)");
        }
        return i;
    }
}
