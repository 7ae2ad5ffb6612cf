package io.yuqing.radar.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.topics.TopicsParams;
import io.yuqing.radar.jobs.topics.TopicsSimulator;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Sentiment;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * Scale simulation of the topics job: where does the one-instance topic stage stop keeping up
 * with the one-minute slide? Drives the job's own logic ({@link TopicsSimulator}: per-term panes
 * and windows, burst scoring, the real {@code TopicTracker}) with synthetic load at several volumes,
 * in event time as fast as it runs, and prints per volume what each window cost, the term-window
 * part (parallel in the job) apart from the topic stage (one instance).
 *
 * <p>The load, rebuilt at run time from {@code ../shared/data/ced/posts.tsv.gz} (nothing of it is
 * kept in the repository):
 * <ul>
 *   <li>vocabulary: the keywords, places and organisations the enrich job finds in CED posts, ranked
 *       by how often; background posts draw 2–6 of them by a Zipf law (s = 1) over that rank;</li>
 *   <li>stories ({@code story-share} of the posts): each a real CED cascade's shape, the repost times
 *       of one event over its first 6 hours relative to its source post; stories start at random
 *       times (from 6 h before the stream so it opens in steady state) at the rate that gives the
 *       volume. A story's posts name its own place (a made-up, unique 2-character name + 路/镇/…,
 *       so that two runs of one CED event stay two stories) and a unique compound, and some of its
 *       source post's real keywords, plus background words;</li>
 *   <li>bursts: a breaking wave two thirds of the way in: one story per 100,000 posts/h, each with
 *       10 posts for every post of its cascade.</li>
 * </ul>
 * Warm-up is set to the window filling time (the job's default waits 30 minutes; here only the
 * stream's start would move). Costs are the thread's CPU time, so other processes on a shared
 * machine count less than on the wall clock (both are printed).
 *
 * <pre>java -Xmx6g -cp bench/target/benchmarks.jar io.yuqing.radar.bench.TopicScaleSim [posts/h,...] [minutes]</pre>
 */
public final class TopicScaleSim {
    private static final DateTimeFormatter CST = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long SLIDE_MS = 60_000;
    private static final double STORY_SHARE = 0.3;
    private static final long CASCADE_SECONDS = 6 * 3600;
    /** Never more topic-stage CPU than this per volume: beyond it the figure is already far past the slide. */
    private static final long STAGE_BUDGET_NS = Duration.ofMinutes(12).toNanos();
    private static final String NAME_CHARS = "青金华东西南北安宁平和兴盛福康泰长春永昌光明新丰嘉德瑞祥云龙凤山水河湖江海松柏桂林"
            + "梅兰竹菊阳城田庄桥湾坪岭峰岩溪泉石源塘港洲岗园沙营屯堡寨关集坊";
    private static final String[] PLACE_SUFFIX = {"路", "镇", "村", "街道", "小区", "中学", "医院", "县", "大桥", "广场"};
    private static final String[] COMPOUND_TAIL = {"事件", "事故", "纠纷", "案", "风波", "维权", "通报", "爆炸", "坍塌", "投诉"};

    private record Cascade(String sourceText, List<String> terms, int[] offsets) {}

    private record Story(String name, Cascade cascade, long startMs, int amplify) {}

    private TopicScaleSim() {}

    public static void main(String[] args) throws Exception {
        long[] volumes = Arrays.stream((args.length > 0 ? args[0] : "10000,100000,1000000").split(","))
                .mapToLong(Long::parseLong).toArray();
        int minutes = args.length > 1 ? Integer.parseInt(args[1]) : 45;
        Optional<Path> file = CedSample.find();
        if (file.isEmpty()) {
            System.out.println("SKIPPED: ../shared/data/" + CedSample.POSTS + " not found");
            return;
        }
        long t0 = System.nanoTime();
        Load load = Load.read(file.get());
        System.out.printf("load model: %,d cascades (%,d posts in their first 6 h, mean %.0f), vocabulary %,d terms; built in %.1f s%n",
                load.cascades.size(), load.cascadePosts, load.meanCascade, load.vocabulary.length, (System.nanoTime() - t0) / 1e9);
        System.out.printf("stream: %d minutes per volume, window 10 min / slide 1 min, measured after the first 10 windows; "
                + "stories %.0f %% of posts%n%n", minutes, STORY_SHARE * 100);
        List<Level> levels = new ArrayList<>();
        for (long v : volumes) {
            Level l = run(load, v, minutes);
            levels.add(l);
            l.printDetail();
        }
        printTable(levels);
    }

    // ---------------------------------------------------------------- load model

    private static final class Load {
        final List<Cascade> cascades = new ArrayList<>();
        String[] vocabulary;
        double[] zipfCdf;
        long cascadePosts;
        double meanCascade;

        static Load read(Path file) throws Exception {
            Map<String, String> source = new HashMap<>();
            Map<String, Long> sourceTime = new HashMap<>();
            Map<String, List<Long>> reposts = new LinkedHashMap<>();
            List<String> vocabTexts = new ArrayList<>();
            SplittableRandom rnd = new SplittableRandom(7);
            try (BufferedReader in = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
                String line = in.readLine();
                while ((line = in.readLine()) != null) {
                    String[] f = line.split("\t", 8);
                    if (f.length < 7) {
                        continue;
                    }
                    long t = epochSeconds(f[6]);
                    if (t < 0) {
                        continue;
                    }
                    if ("original".equals(f[2])) {
                        source.put(f[0], f.length > 7 ? f[7] : "");
                        sourceTime.put(f[0], t);
                    } else {
                        reposts.computeIfAbsent(f[0], k -> new ArrayList<>()).add(t);
                        if (f.length > 7 && f[7].length() >= 6 && rnd.nextInt(20) == 0) {
                            vocabTexts.add(f[7]);
                        }
                    }
                }
            }
            PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
            Map<String, Integer> freq = new HashMap<>();
            Load load = new Load();
            for (Map.Entry<String, String> e : source.entrySet()) {
                List<String> terms = termsOf(enricher, e.getValue());
                terms.forEach(x -> freq.merge(x, 1, Integer::sum));
                long s = sourceTime.get(e.getKey());
                int[] offsets = reposts.getOrDefault(e.getKey(), List.of()).stream()
                        .mapToLong(t -> t - s).filter(o -> o >= 0 && o < CASCADE_SECONDS)
                        .mapToInt(o -> (int) o).sorted().toArray();
                // a real cascade: the source and at least a handful of reposts, and words to tell it by
                if (offsets.length >= 10 && terms.size() >= 2) {
                    load.cascades.add(new Cascade(e.getValue(), terms.subList(0, Math.min(6, terms.size())), offsets));
                    load.cascadePosts += offsets.length + 1;
                }
            }
            for (String text : vocabTexts) {
                termsOf(enricher, text).forEach(x -> freq.merge(x, 1, Integer::sum));
            }
            load.meanCascade = (double) load.cascadePosts / load.cascades.size();
            load.vocabulary = freq.entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .map(Map.Entry::getKey).toArray(String[]::new);
            load.zipfCdf = new double[load.vocabulary.length];
            double sum = 0;
            for (int i = 0; i < load.zipfCdf.length; i++) {
                sum += 1.0 / (i + 1);
                load.zipfCdf[i] = sum;
            }
            for (int i = 0; i < load.zipfCdf.length; i++) {
                load.zipfCdf[i] /= sum;
            }
            return load;
        }

        String zipfWord(SplittableRandom rnd) {
            int i = Arrays.binarySearch(zipfCdf, rnd.nextDouble());
            return vocabulary[Math.min(i < 0 ? -i - 1 : i, vocabulary.length - 1)];
        }

        private static List<String> termsOf(PostEnricher enricher, String text) {
            ObjectNode p = Json.mapper().createObjectNode();
            p.put("id", "v");
            p.put("platform", "weibo");
            p.put("text", text);
            p.put("created_at", "2020-01-01T00:00:00+08:00");
            if (!(enricher.enrich(Json.toBytes(p), Instant.parse("2020-01-01T00:00:00Z")) instanceof EnrichOutcome.Enriched e)) {
                return List.of();
            }
            Set<String> out = new LinkedHashSet<>();
            EnrichedPost q = e.post();
            for (List<String> l : List.of(q.entities().places(), q.entities().organizations(), q.keywords())) {
                for (String w : l) {
                    if (w.strip().length() >= 2) {
                        out.add(w.strip());
                    }
                }
            }
            return new ArrayList<>(out);
        }

        private static long epochSeconds(String cst) {
            try {
                return LocalDateTime.parse(cst, CST).toEpochSecond(ZoneOffset.ofHours(8));
            } catch (RuntimeException e) {
                return -1;
            }
        }
    }

    // ---------------------------------------------------------------- one volume

    private static final class Level {
        final long postsPerHour;
        int windows;
        long posts;
        long wallNs;
        long cpuNs;
        final List<Integer> terms = new ArrayList<>();
        final List<Integer> candidates = new ArrayList<>();
        final List<Integer> live = new ArrayList<>();
        final List<Integer> dormant = new ArrayList<>();
        final List<Long> stateBytes = new ArrayList<>();
        final List<Long> termWindowNs = new ArrayList<>();
        final List<Long> stageNs = new ArrayList<>();
        long snapshots;
        int concurrentStories;
        boolean cut;

        Level(long postsPerHour) {
            this.postsPerHour = postsPerHour;
        }

        void printDetail() {
            System.out.printf("%,d posts/h: %,d posts, %d windows measured%s, ~%,d stories running, %,d snapshots; "
                            + "%.0f s CPU / %.0f s wall%n", postsPerHour, posts, windows, cut ? " (cut: topic-stage budget spent)" : "",
                    concurrentStories, snapshots, cpuNs / 1e9, wallNs / 1e9);
        }
    }

    private static Level run(Load load, long postsPerHour, int minutes) {
        SplittableRandom rnd = new SplittableRandom(42 + postsPerHour);
        long streamStart = Instant.parse("2026-06-01T00:00:00Z").toEpochMilli();
        long streamEnd = streamStart + minutes * SLIDE_MS;
        // stories: Poisson starts from 6 h before the stream, so it opens with the stories of a steady day
        double startsPerMs = STORY_SHARE * postsPerHour / load.meanCascade / 3_600_000.0;
        List<Story> stories = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (double t = streamStart - CASCADE_SECONDS * 1000.0; ; ) {
            t += -Math.log(1 - rnd.nextDouble()) / startsPerMs;
            if (t >= streamEnd) {
                break;
            }
            stories.add(new Story(uniqueName(rnd, names), load.cascades.get(rnd.nextInt(load.cascades.size())), (long) t, 1));
        }
        long burstAt = streamStart + (long) (minutes * 2 / 3.0) * SLIDE_MS;
        for (int i = 0; i < Math.max(1, postsPerHour / 100_000); i++) {
            stories.add(new Story(uniqueName(rnd, names), load.cascades.get(rnd.nextInt(load.cascades.size())),
                    burstAt + rnd.nextLong(SLIDE_MS), 10));
        }
        // each story's posts, by minute of the stream: {story index, time}
        List<List<long[]>> byMinute = new ArrayList<>();
        for (int m = 0; m < minutes; m++) {
            byMinute.add(new ArrayList<>());
        }
        Level level = new Level(postsPerHour);
        Set<Integer> runningMid = new HashSet<>();
        long mid = streamStart + minutes / 2 * SLIDE_MS;
        for (int s = 0; s < stories.size(); s++) {
            Story st = stories.get(s);
            if (st.startMs <= mid && st.startMs + CASCADE_SECONDS * 1000 > mid) {
                runningMid.add(s);
            }
            int[] offsets = st.cascade.offsets;
            for (int i = -1; i < offsets.length; i++) {
                for (int a = 0; a < st.amplify; a++) {
                    long t = st.startMs + (i < 0 ? 0 : offsets[i] * 1000L) + (a == 0 ? 0 : rnd.nextLong(60_000));
                    if (t >= streamStart && t < streamEnd) {
                        byMinute.get((int) ((t - streamStart) / SLIDE_MS)).add(new long[] {s, t, i < 0 ? 1 : 0});
                    }
                }
            }
        }
        level.concurrentStories = runningMid.size();
        String[] compounds = new String[stories.size()];
        TopicsParams d = TopicsParams.defaults();
        TopicsParams p = new TopicsParams(d.alpha(), d.burstAlphaFactor(), d.longAlpha(), d.zThreshold(), d.minRatio(),
                d.minAuthors(), d.sustainAuthors(), d.sustainZ(), d.authorsPerCluster(), d.mergeContainment(),
                d.matchOverlap(), d.minTopicTerms(), Duration.ofMinutes(9), d.endAfter(), d.reviveWithin(),
                d.sampleSize(), d.maxTermsPerPost(), d.maxKeywords(), d.slowSpan(), d.slowMinAuthors());
        TopicsSimulator sim = new TopicsSimulator(p, Duration.ofMinutes(10), Duration.ofMinutes(1));
        long[] windowTotal = new long[1];
        long[] listenerNs = new long[1];
        long[] lastWindowTermNs = new long[1];
        long[] lastStageNs = new long[1];
        boolean[] closed = new boolean[1];
        int measureFrom = 10;
        int[] windowIndex = new int[1];
        sim.onWindow(THREADS::getCurrentThreadCpuTime, c -> {
            long l0 = THREADS.getCurrentThreadCpuTime();
            windowIndex[0]++;
            closed[0] = true;
            lastWindowTermNs[0] = c.termWindowNanos();
            lastStageNs[0] = c.topicStageNanos();
            windowTotal[0] += c.termWindowNanos() + c.topicStageNanos();
            if (windowIndex[0] > measureFrom) {
                level.windows++;
                level.terms.add(c.terms());
                level.candidates.add(c.candidates());
                level.live.add(c.state().topics().size());
                level.dormant.add(c.state().dormant().size());
                level.stateBytes.add((long) Json.toBytes(c.state()).length);
                level.snapshots += c.snapshots();
            }
            sim.snapshots().clear();
            listenerNs[0] += THREADS.getCurrentThreadCpuTime() - l0;
        });
        long wall0 = System.nanoTime();
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long stageSpent = 0;
        long background = Math.round((1 - STORY_SHARE) * postsPerHour / 60.0);
        long postSeq = 0;
        for (int m = 0; m < minutes; m++) {
            // the minute's posts are made before the clock runs: only the topics logic is timed
            List<EnrichedPost> posts = new ArrayList<>();
            long minuteStart = streamStart + m * SLIDE_MS;
            for (long[] sp : byMinute.get(m)) {
                int s = (int) sp[0];
                if (compounds[s] == null) {
                    compounds[s] = compound(rnd, load);
                }
                posts.add(storyPost(rnd, load, stories.get(s), compounds[s], sp[1], sp[2] == 1, postSeq++));
            }
            for (long i = 0; i < background; i++) {
                posts.add(backgroundPost(rnd, load, minuteStart + rnd.nextLong(SLIDE_MS), postSeq++));
            }
            posts.sort(Comparator.comparing(EnrichedPost::createdAt));
            closed[0] = false;
            windowTotal[0] = 0;
            listenerNs[0] = 0;
            long c0 = THREADS.getCurrentThreadCpuTime();
            for (EnrichedPost post : posts) {
                sim.add(post);
            }
            long spent = THREADS.getCurrentThreadCpuTime() - c0 - listenerNs[0];
            // the per-post work of this minute (panes) belongs to the window the minute ends, as in
            // the job, where the per-term stage must take a minute's posts within the minute
            long paneNs = spent - windowTotal[0];
            if (closed[0] && windowIndex[0] > measureFrom) {
                level.termWindowNs.add(lastWindowTermNs[0] + paneNs);
                level.stageNs.add(lastStageNs[0]);
                level.posts += posts.size();
            }
            stageSpent += lastStageNs[0];
            if (stageSpent > STAGE_BUDGET_NS) {
                level.cut = true;
                break;
            }
        }
        level.wallNs = System.nanoTime() - wall0;
        level.cpuNs = THREADS.getCurrentThreadCpuTime() - cpu0;
        return level;
    }

    private static String uniqueName(SplittableRandom rnd, Set<String> taken) {
        while (true) {
            String n = "" + NAME_CHARS.charAt(rnd.nextInt(NAME_CHARS.length())) + NAME_CHARS.charAt(rnd.nextInt(NAME_CHARS.length()))
                    + PLACE_SUFFIX[rnd.nextInt(PLACE_SUFFIX.length)];
            if (taken.add(n)) {
                return n;
            }
        }
    }

    private static String compound(SplittableRandom rnd, Load load) {
        // a made-up headline word: a mid-frequency real word + an event noun (学校食堂事件, 物业维权)
        String w = load.vocabulary[200 + rnd.nextInt(Math.min(5000, load.vocabulary.length - 200))];
        return w + COMPOUND_TAIL[rnd.nextInt(COMPOUND_TAIL.length)];
    }

    private static EnrichedPost storyPost(SplittableRandom rnd, Load load, Story s, String compound, long t,
                                          boolean original, long seq) {
        List<String> places = new ArrayList<>();
        List<String> keywords = new ArrayList<>();
        if (original || rnd.nextDouble() < 0.7) {
            places.add(s.name);
        }
        if (original || rnd.nextDouble() < 0.5) {
            keywords.add(compound);
        }
        for (String w : s.cascade.terms) {
            if (original || rnd.nextDouble() < 0.4) {
                keywords.add(w);
            }
        }
        if (places.size() + keywords.size() < 2) {
            keywords.add(compound);
            places.add(s.name);
        }
        int extra = rnd.nextInt(3);
        for (int i = 0; i < extra; i++) {
            keywords.add(load.zipfWord(rnd));
        }
        String text = s.name + "：" + s.cascade.sourceText;
        return post(seq, t, text, original ? null : "s" + s.startMs, keywords, places, rnd);
    }

    private static EnrichedPost backgroundPost(SplittableRandom rnd, Load load, long t, long seq) {
        int n = 2 + rnd.nextInt(5);
        List<String> keywords = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            keywords.add(load.zipfWord(rnd));
        }
        return post(seq, t, String.join("，", keywords), null, keywords, List.of(), rnd);
    }

    private static EnrichedPost post(long seq, long t, String text, String repostOf, List<String> keywords,
                                     List<String> places, SplittableRandom rnd) {
        String id = "p" + seq;
        return new EnrichedPost(id, Platform.WEIBO, text, null, Instant.ofEpochMilli(t),
                new Author("u" + rnd.nextInt(20_000_000), null, null, false), null, 0, 0, 0, repostOf, null, null,
                keywords, keywords, List.of(), List.of(), List.of(), new Entities(places, List.of(), List.of()),
                rnd.nextInt(4) == 0 ? Sentiment.NEGATIVE : Sentiment.NEUTRAL, null, null, null, null, null, null,
                List.of(), List.of(), null, null);
    }

    // ---------------------------------------------------------------- figures

    private static void printTable(List<Level> levels) {
        System.out.println();
        System.out.println("| posts/h | windows | terms/window p50 | candidates/window p50 (max) | live topics p50 (max) | dormant max "
                + "| tracker state p50 (max) | term-window CPU/window p50 / p99 | topic stage CPU/window p50 / p99 | stage within 60 s slide |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Level l : levels) {
            System.out.printf("| %,d | %d | %,d | %,d (%,d) | %,d (%,d) | %,d | %s (%s) | %.2f / %.2f s | %.2f / %.2f s | %s |%n",
                    l.postsPerHour, l.windows, pct(l.terms, 50), pct(l.candidates, 50), max(l.candidates),
                    pct(l.live, 50), max(l.live), max(l.dormant), kb(pct(l.stateBytes, 50)), kb(max(l.stateBytes)),
                    pct(l.termWindowNs, 50) / 1e9, pct(l.termWindowNs, 99) / 1e9,
                    pct(l.stageNs, 50) / 1e9, pct(l.stageNs, 99) / 1e9,
                    l.stageNs.isEmpty() ? "?" : pct(l.stageNs, 99) < 60e9 ? "yes" : "**no**");
        }
        System.out.println();
        System.out.println("Per core (the minute's CPU on one core against the 60 s slide; the term-window part runs "
                + "at topics.parallelism, the topic stage as one instance):");
        for (Level l : levels) {
            double tw = pct(l.termWindowNs, 50) / 1e9;
            double st = pct(l.stageNs, 99) / 1e9;
            System.out.printf("  %,9d posts/h: term windows %,.0f posts/h per core (%.1f %% of a core); topic stage p99 %.1f %% of the slide%n",
                    l.postsPerHour, tw > 0 ? l.postsPerHour * 60 / tw : Double.NaN, tw / 60 * 100, st / 60 * 100);
        }
        // where the topic stage's p99 would reach the slide: the cost's growth between the two
        // largest volumes measured, as a power of volume, carried on (measured, not assumed)
        if (levels.size() >= 2) {
            Level a = levels.get(levels.size() - 2);
            Level b = levels.get(levels.size() - 1);
            double ca = pct(a.stageNs, 99);
            double cb = pct(b.stageNs, 99);
            if (ca > 0 && cb > 0 && b.postsPerHour > a.postsPerHour) {
                double k = Math.log(cb / ca) / Math.log((double) b.postsPerHour / a.postsPerHour);
                double limit = b.postsPerHour * Math.pow(60e9 / cb, 1 / k);
                if (cb >= 60e9) {
                    System.out.printf("Topic stage: p99 already past the 60 s slide at %,d posts/h (cost grows as volume^%.2f "
                            + "from %,d).%n", b.postsPerHour, k, a.postsPerHour);
                } else if (k <= 0 || limit > 1000.0 * b.postsPerHour) {
                    System.out.printf("Topic stage: cost grows as volume^%.2f between %,d and %,d posts/h; at that growth it "
                            + "would not reach the slide below 1,000× the largest volume (not extrapolated further).%n",
                            k, a.postsPerHour, b.postsPerHour);
                } else {
                    System.out.printf("Topic stage: cost grows as volume^%.2f between %,d and %,d posts/h; carried on, its p99 "
                            + "reaches the 60 s slide at about %,.0f posts/h on one core (extrapolated, not measured).%n",
                            k, a.postsPerHour, b.postsPerHour, limit);
                }
            }
        }
    }

    private static <T extends Number> long pct(List<T> xs, int pct) {
        if (xs.isEmpty()) {
            return 0;
        }
        long[] v = xs.stream().mapToLong(Number::longValue).sorted().toArray();
        return v[Math.min(v.length - 1, (int) Math.ceil(pct / 100.0 * v.length) - 1)];
    }

    private static <T extends Number> long max(List<T> xs) {
        return xs.stream().mapToLong(Number::longValue).max().orElse(0);
    }

    private static String kb(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.1f MB", bytes / 1048576.0) : String.format("%,d KB", bytes / 1024);
    }
}
