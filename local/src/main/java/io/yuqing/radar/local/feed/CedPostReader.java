package io.yuqing.radar.local.feed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.zip.GZIPInputStream;

/**
 * Turns a CED export ({@code posts.tsv.gz}: header row, then
 * {@code event_id label kind mid parent uid time_cst text}, each event's rows together with its
 * source post first) into Post contract JSON on Weibo, in event-time order:
 * <ul>
 *   <li>{@code id} = mid, {@code created_at} = time_cst read as China time (+08:00),
 *       {@code author.id} = uid and nothing else about the user;</li>
 *   <li>a repost names {@code repost_of} = the event's source post (the root of the cascade, not
 *       the intermediate {@code parent}) and carries {@code repost_text} = the source's text, as
 *       Weibo delivers {@code retweeted_status};</li>
 *   <li>a yearless time ({@code 07月23日 11:47}) takes its year from the event's source post
 *       (see {@link CedTime}); a time that still cannot be read is sent as-is in
 *       {@code created_at}, ordered at its source post's time, so it reaches the dead-letter
 *       topic instead of vanishing.</li>
 * </ul>
 * {@link Mode#MERGED} keeps every real timestamp; {@link Mode#COMPOSED} shifts event k so its
 * source post is at {@code start + k × spacing}, keeping each cascade's real shape, for a dense
 * stream. {@code events.tsv} is not needed: everything used is in posts.tsv.gz.
 *
 * <p>Memory: the file is read once; rows keep only the fields above and are sorted with an
 * external merge sort ({@link Options#runSize()} rows per in-memory run), so heap use does not grow
 * with the file.
 */
public final class CedPostReader implements PostFeed {
    public static final String POSTS_FILE = "posts.tsv.gz";
    private static final int FIELDS = 8;

    public enum Mode { MERGED, COMPOSED }

    /**
     * @param start     composed mode: where the first event's source post lands
     * @param spacing   composed mode: between consecutive events' source posts
     * @param maxEvents read only the first this many events of the file (0 = all)
     * @param runSize   rows sorted in memory at a time; more spill to {@code tempDir}
     */
    public record Options(Mode mode, Instant start, Duration spacing, int maxEvents, int runSize, Path tempDir) {
        public Options {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(tempDir, "tempDir");
            if (mode == Mode.COMPOSED && (start == null || spacing == null || spacing.isNegative())) {
                throw new IllegalArgumentException("composed mode needs a start and a non-negative spacing");
            }
            if (maxEvents < 0 || runSize < 1) {
                throw new IllegalArgumentException("maxEvents >= 0 and runSize >= 1");
            }
        }

        /** All events on their real timestamps. */
        public static Options merged() {
            return new Options(Mode.MERGED, null, null, 0, 50_000, defaultTemp());
        }

        /** Event k's source post at {@code start + k × spacing}. */
        public static Options composed(Instant start, Duration spacing) {
            return new Options(Mode.COMPOSED, start, spacing, 0, 50_000, defaultTemp());
        }

        public Options withMaxEvents(int v) { return new Options(mode, start, spacing, v, runSize, tempDir); }
        public Options withRunSize(int v) { return new Options(mode, start, spacing, maxEvents, v, tempDir); }
        public Options withTempDir(Path v) { return new Options(mode, start, spacing, maxEvents, runSize, v); }

        private static Path defaultTemp() {
            return Path.of(System.getProperty("java.io.tmpdir"));
        }
    }

    /**
     * @param rows           data rows read (header excluded)
     * @param events         events read
     * @param yearInferred   rows whose time lacked a year and got one from their event
     * @param timeUnreadable rows sent with their original, unreadable time
     * @param spilledRuns    sorted runs written to disk
     */
    public record Stats(long rows, int events, long yearInferred, long timeUnreadable, int spilledRuns) {}

    private final ExternalSort<CedRow> sorter;
    private final List<String> sourceTexts;
    private final Stats stats;
    private final Iterator<CedRow> rows;

    private CedPostReader(ExternalSort<CedRow> sorter, List<String> sourceTexts, Stats stats) throws IOException {
        this.sorter = sorter;
        this.sourceTexts = sourceTexts;
        this.stats = stats;
        this.rows = sorter.sorted();
    }

    /**
     * Reads {@code cedDir/posts.tsv.gz} (or {@code cedDir} itself when it is the file) and sorts it;
     * takes a few seconds for the full file.
     */
    public static CedPostReader open(Path cedDir, Options options) throws IOException {
        Path file = Files.isDirectory(cedDir) ? cedDir.resolve(POSTS_FILE) : cedDir;
        ExternalSort<CedRow> sorter = new ExternalSort<>(options.runSize(), options.tempDir(), CedRow.ORDER, CedRow.CODEC);
        try {
            Loader loader = new Loader(options, sorter);
            loader.load(file);
            Stats stats = new Stats(loader.rows, loader.sourceTexts.size(), loader.yearInferred,
                    loader.timeUnreadable, sorter.spilledRuns());
            return new CedPostReader(sorter, loader.sourceTexts, stats);
        } catch (IOException | RuntimeException e) {
            sorter.close();
            throw e;
        }
    }

    public Stats stats() {
        return stats;
    }

    @Override
    public boolean hasNext() {
        return rows.hasNext();
    }

    @Override
    public FeedRecord next() {
        if (!rows.hasNext()) {
            throw new NoSuchElementException();
        }
        CedRow r = rows.next();
        Instant t = Instant.ofEpochMilli(r.time());
        Author author = r.uid() == null || r.uid().isEmpty() ? null : new Author(r.uid(), null, null, null);
        String repostText = r.repostOf() == null ? null : sourceTexts.get(r.event());
        Post post = new Post(r.mid(), Platform.WEIBO, r.text(), t, author, null, null, null, null,
                r.repostOf(), repostText, null, null, null, null);
        if (r.rawTime() == null) {
            return new FeedRecord(t, r.mid(), Json.toBytes(post));
        }
        ObjectNode tree = Json.mapper().valueToTree(post);
        tree.put("created_at", r.rawTime());
        return new FeedRecord(t, r.mid(), Json.toBytes(tree));
    }

    @Override
    public void close() {
        sorter.close();
    }

    /** One pass over the file: buffers one event at a time (they are contiguous), then files its rows. */
    private static final class Loader {
        private final Options options;
        private final ExternalSort<CedRow> sorter;
        private final List<String> sourceTexts = new ArrayList<>();
        private final List<String[]> event = new ArrayList<>();
        private long rows;
        private long seq;
        private long yearInferred;
        private long timeUnreadable;
        private boolean full;

        Loader(Options options, ExternalSort<CedRow> sorter) {
            this.options = options;
            this.sorter = sorter;
        }

        void load(Path file) throws IOException {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                    new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                String line = in.readLine();
                if (line != null && !line.startsWith("event_id\t")) {
                    take(line); // no header row
                }
                while (!full && (line = in.readLine()) != null) {
                    if (!line.isEmpty()) {
                        take(line);
                    }
                }
                if (!full) {
                    flushEvent();
                }
            }
        }

        private void take(String line) throws IOException {
            String[] f = split(line);
            if (!event.isEmpty() && !event.get(0)[0].equals(f[0])) {
                flushEvent();
                if (full) {
                    return;
                }
            }
            event.add(f);
        }

        private void flushEvent() throws IOException {
            if (event.isEmpty()) {
                return;
            }
            if (options.maxEvents() > 0 && sourceTexts.size() >= options.maxEvents()) {
                full = true;
                event.clear();
                return;
            }
            String[] source = event.get(0);
            for (String[] f : event) {
                if ("original".equals(f[2])) {
                    source = f;
                    break;
                }
            }
            Instant sourceTime = CedTime.parseFull(source[6]);
            Instant anchor = sourceTime != null ? sourceTime : earliest();
            int index = sourceTexts.size();
            sourceTexts.add(source[7]);
            long shift = 0;
            if (options.mode() == Mode.COMPOSED) {
                Instant landing = options.start().plus(options.spacing().multipliedBy(index));
                shift = anchor == null ? 0 : landing.toEpochMilli() - anchor.toEpochMilli();
                if (anchor == null) {
                    anchor = landing;
                }
            }
            for (String[] f : event) {
                rows++;
                Instant t = CedTime.parseFull(f[6]);
                String raw = null;
                if (t == null) {
                    t = CedTime.parseYearless(f[6], sourceTime);
                    if (t != null) {
                        yearInferred++;
                    }
                }
                long time;
                if (t != null) {
                    time = t.toEpochMilli() + shift;
                } else {
                    timeUnreadable++;
                    raw = f[6];
                    time = anchor == null ? 0 : anchor.toEpochMilli() + shift;
                }
                // Weibo's retweeted_status names the root post, not the intermediate one a repost chain
                // passed through; repost_text is the root's text, so repost_of must name the root too
                String repostOf = f == source ? null : source[3];
                sorter.add(new CedRow(time, seq++, index, f[3], repostOf, f[5], f[7], raw));
            }
            event.clear();
        }

        private Instant earliest() {
            Instant min = null;
            for (String[] f : event) {
                Instant t = CedTime.parseFull(f[6]);
                if (t != null && (min == null || t.isBefore(min))) {
                    min = t;
                }
            }
            return min;
        }

        /** Tab-separated fields; a text containing tabs keeps them (everything after the 7th tab). */
        private static String[] split(String line) {
            String[] f = new String[FIELDS];
            int from = 0;
            for (int i = 0; i < FIELDS - 1; i++) {
                int tab = line.indexOf('\t', from);
                if (tab < 0) {
                    f[i] = line.substring(from);
                    for (int j = i + 1; j < FIELDS; j++) {
                        f[j] = "";
                    }
                    return f;
                }
                f[i] = line.substring(from, tab);
                from = tab + 1;
            }
            f[FIELDS - 1] = line.substring(from);
            return f;
        }
    }
}
