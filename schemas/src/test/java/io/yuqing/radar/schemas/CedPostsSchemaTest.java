package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.MonthDay;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Weibo posts (CED rumour dataset, read at run time from {@code ../shared/data/ced}, never
 * copied into the repository) mapped to Post JSON validate against post.schema.json. Skipped when
 * the data folder is absent, as in a fresh clone.
 *
 * <p>The mapping is this test's own (the replayer has its own reader): {@code platform} weibo,
 * {@code id} = mid, {@code created_at} = time_cst as +08:00, {@code text}, {@code author.id} = uid,
 * and for a repost {@code repost_of} = parent, or the event's source mid when parent is empty.
 */
class CedPostsSchemaTest {
    private static final int ROWS = 300;
    /** Rows scanned for the rare timestamps without a year ("07月23日 11:47"). */
    private static final int YEARLESS_SCAN_ROWS = 20_000;
    private static final List<String> POSTS_HEADER =
            List.of("event_id", "label", "kind", "mid", "parent", "uid", "time_cst", "text");
    private static final DateTimeFormatter CST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final Pattern YEARLESS = Pattern.compile("(\\d{1,2})月(\\d{1,2})日 (\\d{1,2}):(\\d{2})");
    private static final ZoneOffset CHINA = ZoneOffset.ofHours(8);
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private static Path ced;
    /** event_id → [source mid, source time_cst]. */
    private static final Map<String, String[]> EVENTS = new HashMap<>();

    @BeforeAll
    static void locateData() throws IOException {
        Optional<Path> data = SchemaSupport.sharedDataDir();
        ced = data.map(d -> d.resolve("ced"))
                .filter(d -> Files.exists(d.resolve("posts.tsv.gz")) && Files.exists(d.resolve("events.tsv")))
                .orElse(null);
        if (ced == null) {
            return;
        }
        try (BufferedReader r = Files.newBufferedReader(ced.resolve("events.tsv"), StandardCharsets.UTF_8)) {
            List<String> header = List.of(r.readLine().split("\t", -1));
            int id = header.indexOf("event_id");
            int mid = header.indexOf("mid");
            int time = header.indexOf("time_cst");
            assertThat(id).isNotNegative();
            assertThat(mid).isNotNegative();
            assertThat(time).isNotNegative();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String[] f = line.split("\t", -1);
                if (f.length < header.size()) {
                    continue; // blank line
                }
                EVENTS.put(f[id], new String[] {f[mid], f[time]});
            }
        }
    }

    @BeforeEach
    void requireData() {
        Assumptions.assumeTrue(ced != null,
                "real data not found (../shared/data/ced beside the repository); skipping the CED schema check");
    }

    @Test
    void firstRowsOfRealPostsValidateAsPosts() throws IOException {
        List<String> failures = new ArrayList<>();
        int rows = 0;
        int reposts = 0;
        int plainReposts = 0;
        try (BufferedReader r = openPosts()) {
            for (String line = r.readLine(); line != null && rows < ROWS; line = r.readLine()) {
                rows++;
                String[] f = line.split("\t", -1);
                ObjectNode post = toPostJson(f);
                Set<ValidationMessage> errors = SchemaSupport.validate(SchemaSupport.POST, post);
                if (!errors.isEmpty()) {
                    failures.add("row " + rows + " (mid " + f[3] + "): " + errors);
                    continue;
                }
                Post p = Json.mapper().treeToValue(post, Post.class);
                assertThat(p.id()).isEqualTo(f[3]);
                assertThat(p.createdAt()).isNotNull();
                if (p.repostOf() != null) {
                    reposts++;
                }
                if (p.isPlainRepost()) {
                    plainReposts++;
                }
                // what the record writes back is valid too
                assertThat(SchemaSupport.validate(SchemaSupport.POST, Json.mapper().valueToTree(p))).isEmpty();
            }
        }
        assertThat(failures).as("rows that do not validate").isEmpty();
        assertThat(rows).isEqualTo(ROWS);
        assertThat(reposts).as("the sample has reposts").isPositive();
        assertThat(plainReposts).as("the sample has plain reposts (empty text)").isPositive();
    }

    @Test
    void rowsWhoseTimeLacksAYearStillMapToValidPosts() throws IOException {
        int found = 0;
        int rows = 0;
        try (BufferedReader r = openPosts()) {
            for (String line = r.readLine(); line != null && rows < YEARLESS_SCAN_ROWS; line = r.readLine()) {
                rows++;
                String[] f = line.split("\t", -1);
                if (!YEARLESS.matcher(f[6]).matches()) {
                    continue;
                }
                found++;
                ObjectNode post = toPostJson(f);
                assertThat(SchemaSupport.validate(SchemaSupport.POST, post)).as(post.toString()).isEmpty();
            }
        }
        Assumptions.assumeTrue(found > 0, "no time without a year in the first " + YEARLESS_SCAN_ROWS + " rows");
    }

    private static BufferedReader openPosts() throws IOException {
        BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(ced.resolve("posts.tsv.gz")), 1 << 16), StandardCharsets.UTF_8));
        String header = r.readLine();
        assertThat(List.of(header.split("\t", -1))).as("posts.tsv.gz header").isEqualTo(POSTS_HEADER);
        return r;
    }

    /** One posts.tsv row (event_id label kind mid parent uid time_cst text) as Post JSON. */
    private static ObjectNode toPostJson(String[] f) {
        assertThat(f).as("columns").hasSize(POSTS_HEADER.size());
        String eventId = f[0];
        String kind = f[2];
        String mid = f[3];
        String parent = f[4];
        String uid = f[5];
        String time = f[6];
        String text = f[7];

        ObjectNode post = Json.mapper().createObjectNode();
        post.put("id", mid);
        post.put("platform", "weibo");
        post.put("created_at", isoCst(time, EVENTS.get(eventId)));
        if (!text.isEmpty() || !"repost".equals(kind)) {
            post.put("text", text);
        }
        if ("repost".equals(kind)) {
            String source = parent.isEmpty() ? EVENTS.get(eventId)[0] : parent;
            post.put("repost_of", source);
        }
        post.putObject("author").put("id", uid);
        return post;
    }

    /**
     * {@code time_cst} (China time) as ISO-8601 with +08:00. A time without a year takes the year of
     * the event's source post, or the next year when it falls before the source's day.
     */
    private static String isoCst(String time, String[] event) {
        Matcher m = YEARLESS.matcher(time);
        LocalDateTime t;
        if (m.matches()) {
            assertThat(event).as("event of a post whose time lacks a year").isNotNull();
            LocalDateTime source = LocalDateTime.parse(event[1], CST);
            MonthDay day = MonthDay.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            int year = day.isBefore(MonthDay.from(source)) ? source.getYear() + 1 : source.getYear();
            t = day.atYear(year).atTime(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } else {
            t = LocalDateTime.parse(time, CST);
        }
        return ISO.format(t.atOffset(CHINA));
    }
}
