package io.yuqing.radar.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Real Weibo posts for the benchmarks, read at run time from {@code ../shared/data/ced/posts.tsv.gz}
 * (looked for from the working directory upwards; never copied into the repository). Columns:
 * {@code event_id label kind mid parent uid time_cst text}, with a header row.
 *
 * @param texts the posts' raw text
 * @param json  the same posts as contract Post JSON ({@code yuqing.posts.raw} messages)
 * @param events the CED event each post belongs to
 * @param originals whether each post is an original (not a repost)
 * @param chars total characters of {@code texts}
 */
public record CedSample(List<String> texts, List<byte[]> json, List<String> events, List<Boolean> originals,
                        long chars) {
    public static final String POSTS = "ced/posts.tsv.gz";
    private static final DateTimeFormatter CST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    public static Optional<Path> find() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data").resolve(POSTS).normalize();
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The first {@code limit} rows with non-empty text. */
    public static CedSample read(Path file, int limit) throws IOException {
        List<String> texts = new ArrayList<>(limit);
        List<byte[]> json = new ArrayList<>(limit);
        List<String> events = new ArrayList<>(limit);
        List<Boolean> originals = new ArrayList<>(limit);
        long chars = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            String line = in.readLine(); // header
            while ((line = in.readLine()) != null && texts.size() < limit) {
                String[] f = line.split("\t", 8);
                if (f.length < 8 || f[7].isBlank()) {
                    continue;
                }
                String text = f[7];
                ObjectNode p = Json.mapper().createObjectNode();
                p.put("id", f[3]);
                p.put("platform", "weibo");
                p.put("text", text);
                p.put("created_at", createdAt(f[6]));
                p.putObject("author").put("id", f[5]);
                if ("repost".equals(f[2]) && !f[4].isEmpty()) {
                    p.put("repost_of", f[4]);
                }
                texts.add(text);
                events.add(f[0]);
                originals.add("original".equals(f[2]));
                json.add(Json.mapper().writeValueAsBytes(p));
                chars += text.length();
            }
        }
        return new CedSample(List.copyOf(texts), List.copyOf(json), List.copyOf(events), List.copyOf(originals), chars);
    }

    /** China time to ISO-8601 with offset; the few yearless repost times get a fixed date. */
    private static String createdAt(String cst) {
        try {
            return LocalDateTime.parse(cst, CST).atOffset(ZoneOffset.ofHours(8)).toString();
        } catch (RuntimeException e) {
            return "2013-01-01T00:00:00+08:00";
        }
    }
}
