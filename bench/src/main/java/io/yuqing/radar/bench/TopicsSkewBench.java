package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.topics.TopicsJob;
import io.yuqing.radar.jobs.topics.TopicsJobConfig;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Skew in the topics job (issue 15, item 4): the job of {@link TopicsJobBench} (its own operators,
 * the term stage at parallelism 2 so the hot term's key sits on one subtask) over the same real
 * CED events composed one every 2 minutes, run twice in one JVM: as they are, and with a national
 * story added a third of the way in whose term is named by 100 times the posts of a median event,
 * within one hour. Per run: the wall and CPU time, the late posts, how steadily windows fire (the
 * longest wall-clock gap between consecutive window ends leaving the topic stage, which a stalled
 * watermark would stretch), and the detection delay of the CED events: to the first snapshot of a
 * topic whose sample posts are mostly the event's, from the event's first post.
 *
 * <pre>
 * ./mvnw -q -pl bench -am package -Dmaven.test.skip=true
 * java -Xmx4g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" \
 *   io.yuqing.radar.bench.TopicsSkewBench [posts=40000] [factor=100]
 * </pre>
 */
public final class TopicsSkewBench {
    private TopicsSkewBench() {}

    private static final String STORY = "story";
    // the MiniCluster runs in this JVM; the serialised operators reach the harness through statics
    private static final AtomicLong LATE = new AtomicLong();
    private static final java.util.Queue<TopicSnapshot> SNAPSHOTS = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static final Map<Instant, Long> WINDOW_OUT = new java.util.concurrent.ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
        int factor = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        Path posts = CedSample.find().orElse(null);
        if (posts == null) {
            System.out.println("SKIPPED: no ../shared/data/" + CedSample.POSTS + " (the real posts this harness needs)");
            return;
        }
        Map<String, String> eventOf = events(posts);
        PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
        Instant now = Instant.now();
        List<EnrichedPost> ced = TopicsJobBench.enrichedStream(posts.getParent(), limit, enricher, now);

        Map<String, Instant> firstPost = new HashMap<>();
        Map<String, Integer> size = new HashMap<>();
        for (EnrichedPost p : ced) {
            String e = eventOf.get(mid(p.id()));
            if (e != null) {
                firstPost.merge(e, p.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
                size.merge(e, 1, Integer::sum);
            }
        }
        int[] sizes = size.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int median = sizes[sizes.length / 2];
        Instant first = ced.get(0).createdAt();
        Instant last = ced.get(ced.size() - 1).createdAt();
        Instant storyStart = first.plus(Duration.between(first, last).dividedBy(3));
        List<EnrichedPost> story = story(factor * median, storyStart, enricher, now, new Random(7));
        List<EnrichedPost> skewed = new ArrayList<>(ced);
        skewed.addAll(story);
        skewed.sort(Comparator.comparing(EnrichedPost::createdAt));
        for (EnrichedPost p : story) {
            eventOf.put(mid(p.id()), STORY);
        }
        System.out.printf(Locale.ROOT, "%,d enriched CED posts of %d events over %.1f h (median event %d posts in the stream);"
                        + " national story: %,d posts in 60 min from %s (%,.0f a minute)%n", ced.size(), size.size(),
                Duration.between(first, last).toMinutes() / 60.0, median, story.size(), storyStart, story.size() / 60.0);

        TopicsJobConfig config = TopicsJobConfig.from(Settings.defaults());
        Result plain = run("CED events alone", ced, config, eventOf);
        Result hot = run("with the national story", skewed, config, eventOf);

        // only events large enough to be found at all: 20 posts is 5× the default min-authors
        List<String> judged = size.entrySet().stream().filter(e -> e.getValue() >= 20).map(Map.Entry::getKey).sorted().toList();
        System.out.println();
        List<Double> diffs = new ArrayList<>();
        for (Result r : List.of(plain, hot)) {
            List<Double> d = new ArrayList<>();
            for (String e : judged) {
                Instant found = r.detected.get(e);
                if (found != null) {
                    d.add(Duration.between(firstPost.get(e), found).toSeconds() / 60.0);
                }
            }
            System.out.printf(Locale.ROOT, "%-26s found %d/%d events, median delay from first post %.0f min, late posts %,d,"
                            + " windows fired %d, longest wall gap between windows %.1f s, wall %.1f s, cpu %.1f s, %,.0f posts/s per core%n",
                    r.name, d.size(), judged.size(), median(d), r.late, r.windows, r.maxGapSeconds, r.wall, r.cpu, r.posts / r.cpu);
        }
        for (String e : judged) {
            Instant a = plain.detected.get(e);
            Instant b = hot.detected.get(e);
            if (a != null && b != null) {
                diffs.add(Duration.between(a, b).toSeconds() / 60.0);
            }
        }
        System.out.printf(Locale.ROOT, "events found in both runs: %d; their delay with the story minus without: median %.1f min,"
                + " max %.1f min%n", diffs.size(), median(diffs), diffs.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
        Instant storyFound = hot.detected.get(STORY);
        System.out.printf(Locale.ROOT, "the national story itself: %s%n", storyFound == null ? "not filed under the story by the sample majority (see the topics naming 洪水 above)"
                : "found " + Duration.between(storyStart, storyFound).toMinutes() + " min after its first post, in "
                        + hot.storyTopics + " topic(s)");
    }

    private record Result(String name, Map<String, Instant> detected, long late, int windows, double maxGapSeconds,
                          double wall, double cpu, int posts, int storyTopics) {}

    private static Result run(String name, List<EnrichedPost> stream, TopicsJobConfig c, Map<String, String> eventOf)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // parallelism 2: the term stage split in two, so one hot key loads one subtask of two
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        TopicsJob.Streams out = TopicsJobBench.topicsJobOver(env, stream, c);
        LATE.set(0);
        SNAPSHOTS.clear();
        WINDOW_OUT.clear();
        // chained to the topic stage (one instance): the snapshots as they leave it. Not
        // collectAsync: its sink blocks once its buffer is full while execute() waits for the job.
        out.snapshots().map(s -> {
            SNAPSHOTS.add(s);
            WINDOW_OUT.putIfAbsent(s.windowEnd(), System.nanoTime());
            return 0;
        }).returns(Types.INT).sinkTo(new DiscardingSink<>());
        out.latePosts().map(p -> LATE.incrementAndGet()).returns(Types.LONG).sinkTo(new DiscardingSink<>());

        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        env.execute(name);
        List<TopicSnapshot> snapshots = new ArrayList<>(SNAPSHOTS);
        TreeMap<Instant, Long> windowArrivals = new TreeMap<>(WINDOW_OUT);
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
        long maxGap = 0;
        Long prev = null;
        for (long t : windowArrivals.values()) {
            if (prev != null) {
                maxGap = Math.max(maxGap, t - prev);
            }
            prev = t;
        }

        // a topic is an event's when most of the sample posts it showed over its life are the event's
        Map<String, Map<String, Integer>> votes = new HashMap<>();
        Map<String, Instant> firstSnapshot = new HashMap<>();
        for (TopicSnapshot s : snapshots) {
            firstSnapshot.merge(s.topicId(), s.windowEnd(), (a, b) -> a.isBefore(b) ? a : b);
            for (SamplePost p : s.samplePosts()) {
                String e = eventOf.get(mid(p.id()));
                if (e != null) {
                    votes.computeIfAbsent(s.topicId(), k -> new HashMap<>()).merge(e, 1, Integer::sum);
                }
            }
        }
        // the story by its words too, in case its topics show other posts as samples
        Map<String, Instant> storyByWords = new TreeMap<>();
        for (TopicSnapshot s : snapshots) {
            if (String.join(" ", s.keywords()).contains("洪水") || (s.title() != null && s.title().contains("洪水"))) {
                storyByWords.putIfAbsent(s.topicId(), s.windowEnd());
            }
        }
        storyByWords.forEach((k, v) -> System.out.println("  topic naming 洪水 (the story's word): " + k + " first at " + v));
        Map<String, Instant> detected = new HashMap<>();
        int storyTopics = 0;
        for (var v : votes.entrySet()) {
            String event = v.getValue().entrySet().stream().max(Map.Entry.comparingByValue()).get().getKey();
            storyTopics += STORY.equals(event) ? 1 : 0;
            detected.merge(event, firstSnapshot.get(v.getKey()), (a, b) -> a.isBefore(b) ? a : b);
        }
        System.out.printf(Locale.ROOT, "%-26s %,d posts  %,d snapshots  wall %.1f s  cpu %.1f s%n", name, stream.size(),
                snapshots.size(), wall, cpu);
        return new Result(name, detected, LATE.get(), windowArrivals.size(), maxGap / 1e9, wall, cpu, stream.size(), storyTopics);
    }

    /**
     * A national story: a news lead and its reposts, each by a different author, all naming one
     * hashtag, spread over an hour; each repost names the hashtag in its own words (so the term is
     * in every post, whatever the repost's carried text counts for) and adds a few words of its
     * own, so the posts are not one text repeated.
     */
    private static List<EnrichedPost> story(int n, Instant start, PostEnricher enricher, Instant now, Random rnd) {
        String lead = "【#长江流域特大洪水#】应急管理部启动一级应急响应，长江流域特大洪水已致沿江多省受灾，武汉、九江、安庆等地全力防汛。";
        String[] own = {"加油！", "平安", "心疼", "武汉挺住", "致敬抗洪官兵", "愿一切安好", "太揪心了", "九江加油", "安徽挺住",
                "希望雨快停", "转发扩散", "救援人员辛苦了", "关注", "祈祷", "家里还好吗"};
        List<EnrichedPost> out = new ArrayList<>(n);
        String leadId = "9" + Long.toString(now.toEpochMilli());
        for (int i = 0; i < n; i++) {
            Instant t = start.plusMillis((long) (rnd.nextDouble() * 3_600_000L));
            String id = i == 0 ? leadId : leadId + "-" + i;
            t = i == 0 ? start : t;
            String text = i == 0 ? lead : own[rnd.nextInt(own.length)] + own[rnd.nextInt(own.length)] + " #长江流域特大洪水#";
            Post post = new Post(id, Platform.WEIBO, text, t, new Author("u" + (7_000_000 + i), null, null, null),
                    null, null, null, null, i == 0 ? null : leadId, i == 0 ? null : lead, null, null, null, null);
            if (enricher.enrich(Json.toBytes(post), now) instanceof EnrichOutcome.Enriched e) {
                out.add(e.post());
            }
        }
        return out;
    }

    /** The CED event of each post, by its mid (columns {@code event_id label kind mid ...}). */
    static Map<String, String> events(Path postsTsv) throws Exception {
        Map<String, String> out = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(postsTsv)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", 5);
                if (f.length >= 4 && !"event_id".equals(f[0])) {
                    out.put(f[3], f[0]);
                }
            }
        }
        return out;
    }

    /** A post id without its platform prefix, if it carries one. */
    static String mid(String id) {
        int colon = id == null ? -1 : id.lastIndexOf(':');
        return colon < 0 ? id : id.substring(colon + 1);
    }

    private static double median(List<Double> v) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s[s.length / 2];
    }
}
