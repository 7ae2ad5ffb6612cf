package io.yuqing.radar.bench;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.enrich.SentimentData;
import io.yuqing.radar.jobs.enrich.SentimentModel;
import io.yuqing.radar.jobs.enrich.dedup.SimHash;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Side-by-side, single-thread throughput of the whole per-post enrichment (with the shipped
 * sentiment lexicon, and with a trained sentiment model) and of HanLP's own segmenter with
 * place/organisation/person recognition, on the same real Weibo posts; prints posts/s, chars/s and
 * bytes allocated per post for each, and their ratios.
 *
 * <pre>java [-Dyuqing.bench.sentiment-model=MODEL] -jar bench/target/benchmarks.jar [posts=20000] [rounds=9] [warmup=3]</pre>
 *
 * The model is {@code yuqing.bench.sentiment-model} when set, else one trained at start on
 * {@code ../shared/data/sentiment/covid_weibo_train.tsv} (no cross-validation); without either the
 * model pass is left out.
 *
 * Rounds alternate (enrichment, HanLP, enrichment, ...) so both see the same machine load; the
 * figures are the median round. Rates are per second of this thread's CPU time (per core), so
 * other processes on a shared machine do not depress them; wall-clock posts/s is printed too. The
 * ratio is the median of the rounds' ratios (each pair ran back to back). Allocation is measured with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} on this thread.
 */
public final class EnrichBench {
    private static volatile Object sink;

    public static void main(String[] args) throws Exception {
        int posts = arg(args, 0, 20_000);
        int rounds = arg(args, 1, 9);
        int warmup = arg(args, 2, 3);
        Optional<Path> file = CedSample.find();
        if (file.isEmpty()) {
            System.out.println("SKIPPED: ../shared/data/" + CedSample.POSTS
                    + " not found above the working directory; the benchmark needs the real posts.");
            return;
        }
        long t0 = System.nanoTime();
        CedSample sample = CedSample.read(file.get(), posts);
        System.out.printf("posts: %,d with text from %s (%,d chars, %.1f chars/post), loaded in %d ms%n",
                sample.texts().size(), file.get(), sample.chars(), sample.chars() / (double) sample.texts().size(),
                (System.nanoTime() - t0) / 1_000_000);
        System.out.printf("JVM %s, %d available processors, max heap %d MB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);

        PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
        SentimentModel model = sentimentModel();
        PostEnricher modelEnricher = model == null ? null : new PostEnricher(EnrichmentLimits.defaults(), model);
        SimHash simHash = new SimHash();
        Segment hanlp = HanLP.newSegment()
                .enableNameRecognize(true).enablePlaceRecognize(true).enableOrganizationRecognize(true);
        Instant now = Instant.now();

        Pass enrich = () -> {
            long ok = 0;
            long h = 0;
            for (byte[] raw : sample.json()) {
                EnrichOutcome o = enricher.enrich(raw, now);
                if (o instanceof EnrichOutcome.Enriched e) {
                    ok++;
                    h ^= simHash.hash(e.post().text());
                }
            }
            sink = h;
            return ok;
        };
        Pass enrichWithModel = model == null ? null : () -> {
            long ok = 0;
            long h = 0;
            for (byte[] raw : sample.json()) {
                EnrichOutcome o = modelEnricher.enrich(raw, now);
                if (o instanceof EnrichOutcome.Enriched e) {
                    ok++;
                    h ^= simHash.hash(e.post().text());
                }
            }
            sink = h;
            return ok;
        };
        Pass segment = () -> {
            long terms = 0;
            for (String text : sample.texts()) {
                List<Term> t = hanlp.seg(text);
                terms += t.size();
            }
            sink = terms;
            return terms;
        };

        System.out.printf("warm-up: %d rounds of each%n", warmup);
        for (int i = 0; i < warmup; i++) {
            enrich.run();
            if (enrichWithModel != null) {
                enrichWithModel.run();
            }
            segment.run();
        }
        Measured[] e = new Measured[rounds];
        Measured[] m = new Measured[rounds];
        Measured[] s = new Measured[rounds];
        for (int i = 0; i < rounds; i++) {
            e[i] = measure(enrich);
            m[i] = enrichWithModel == null ? null : measure(enrichWithModel);
            s[i] = measure(segment);
            System.out.printf("  round %d: enrichment %.0f ms cpu / %.0f ms wall (%d enriched), %s"
                            + "HanLP %.0f ms cpu / %.0f ms wall, ratio %.2f%n", i + 1, e[i].cpu / 1e6,
                    e[i].nanos / 1e6, e[i].result, m[i] == null ? "" : String.format("with the model %.0f ms cpu, ",
                            m[i].cpu / 1e6), s[i].cpu / 1e6, s[i].nanos / 1e6, s[i].cpu / (double) e[i].cpu);
        }
        Measured em = median(e);
        Measured sm = median(s);
        int n = sample.texts().size();
        // per core = per second of this thread's CPU time: other processes on a shared machine
        // take wall time from a round, not CPU time
        double ePosts = n / (em.cpu / 1e9);
        double sPosts = n / (sm.cpu / 1e9);
        double[] ratios = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            ratios[i] = s[i].cpu / (double) e[i].cpu;
        }
        Arrays.sort(ratios);
        double ratio = ratios[rounds / 2];
        System.out.println();
        System.out.printf("%-46s %12s %14s %14s %14s%n", "one thread, median of " + rounds + " rounds", "posts/s/core",
                "chars/s/core", "posts/s wall", "alloc B/post");
        System.out.printf("%-46s %,12.0f %,14.0f %,14.0f %,14.0f%n", "enrichment (PostEnricher.enrich + SimHash)",
                ePosts, sample.chars() / (em.cpu / 1e9), n / (em.nanos / 1e9), em.allocated / (double) n);
        Measured mm = model == null ? null : median(m);
        if (mm != null) {
            System.out.printf("%-46s %,12.0f %,14.0f %,14.0f %,14.0f%n", "enrichment with the sentiment model",
                    n / (mm.cpu / 1e9), sample.chars() / (mm.cpu / 1e9), n / (mm.nanos / 1e9), mm.allocated / (double) n);
        }
        System.out.printf("%-46s %,12.0f %,14.0f %,14.0f %,14.0f%n", "HanLP segment + place/org/person recognition",
                sPosts, sample.chars() / (sm.cpu / 1e9), n / (sm.nanos / 1e9), sm.allocated / (double) n);
        System.out.printf("ratio enrichment / HanLP (median of per-round ratios): %.2f (target >= 0.60: %s); "
                        + "enrichment %,.0f posts/s per core (target >= 10,000: %s)%n", ratio,
                ratio >= 0.6 ? "met" : "MISSED", ePosts, ePosts >= 10_000 ? "met" : "MISSED");
        if (mm != null) {
            double[] modelRatios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                modelRatios[i] = s[i].cpu / (double) m[i].cpu;
            }
            Arrays.sort(modelRatios);
            double modelRatio = modelRatios[rounds / 2];
            double mPosts = n / (mm.cpu / 1e9);
            System.out.printf("with the sentiment model %s: ratio to HanLP %.2f (target >= 0.50: %s); %,.0f posts/s per core "
                            + "(target >= 10,000: %s); the model costs %.1f µs a post%n", model.id(), modelRatio,
                    modelRatio >= 0.5 ? "met" : "MISSED", mPosts, mPosts >= 10_000 ? "met" : "MISSED",
                    (mm.cpu - em.cpu) / 1e3 / n);
        }
        System.out.printf("SimHash alone: %,.0f posts/s per core%n", simHashRate(sample, simHash));
        shuffleCost(sample, enricher, now);
        SimHashQuality.print(sample);
    }

    /**
     * What the clustering step adds per post in the job: the enriched post crosses one keyed
     * shuffle (and the assigner's pending state on RocksDB) as contract JSON via JsonTypeInfo.
     */
    private static void shuffleCost(CedSample sample, PostEnricher enricher, Instant now) {
        List<EnrichedPost> posts = new java.util.ArrayList<>();
        for (byte[] raw : sample.json()) {
            if (enricher.enrich(raw, now) instanceof EnrichOutcome.Enriched e) {
                posts.add(e.post().withNearDuplicate("0123456789abcdef", e.post().id()));
            }
        }
        Pass roundTrip = () -> {
            long bytes = 0;
            for (EnrichedPost p : posts) {
                byte[] json = Json.toBytes(p);
                bytes += json.length;
                sink = Json.fromBytes(json, EnrichedPost.class);
            }
            return bytes;
        };
        for (int i = 0; i < 3; i++) {
            roundTrip.run();
        }
        Measured m = measure(roundTrip);
        System.out.printf("EnrichedPost JSON round trip (one shuffle of the clustering step): %,.0f posts/s per core, "
                        + "%.0f bytes/post on the wire, %,.0f B/post allocated%n", posts.size() / (m.cpu / 1e9),
                m.result / (double) posts.size(), m.allocated / (double) posts.size());
    }

    /** Per second of CPU time. */
    private static double simHashRate(CedSample sample, SimHash simHash) {
        long h = 0;
        for (int w = 0; w < 3; w++) {
            for (String t : sample.texts()) {
                h ^= simHash.hash(t);
            }
        }
        java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long t0 = mx.getCurrentThreadCpuTime();
        int n = 0;
        for (int r = 0; r < 5; r++) {
            for (String t : sample.texts()) {
                h ^= simHash.hash(t);
                n++;
            }
        }
        sink = h;
        return n / ((mx.getCurrentThreadCpuTime() - t0) / 1e9);
    }

    interface Pass {
        long run();
    }

    record Measured(long nanos, long cpu, long allocated, long result) {}

    private static Measured measure(Pass pass) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long a0 = mx.getThreadAllocatedBytes(id);
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        long result = pass.run();
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        long a1 = mx.getThreadAllocatedBytes(id);
        return new Measured(t1 - t0, c1 - c0, a1 - a0, result);
    }

    private static Measured median(Measured[] m) {
        Measured[] sorted = m.clone();
        Arrays.sort(sorted, (a, b) -> Long.compare(a.cpu, b.cpu));
        return sorted[sorted.length / 2];
    }

    /** The model given by {@code yuqing.bench.sentiment-model}, else one trained on the shared 2020 posts, else null. */
    private static SentimentModel sentimentModel() throws java.io.IOException {
        String given = System.getProperty("yuqing.bench.sentiment-model");
        if (given != null && !given.isBlank()) {
            SentimentModel m = SentimentModel.load(Path.of(given)); // a local file: Flink is not on the bench's class path
            System.out.printf("sentiment model %s from %s%n", m.id(), given);
            return m;
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path data = p.resolve("../shared/data/sentiment/covid_weibo_train.tsv").normalize();
            if (java.nio.file.Files.isRegularFile(data)) {
                long t0 = System.nanoTime();
                SentimentModel m = SentimentModel.train(SentimentData.read(data), data.getFileName().toString(), 0, 0,
                        line -> {});
                System.out.printf("sentiment model %s trained on %s in %d ms (no cross-validation)%n", m.id(), data,
                        (System.nanoTime() - t0) / 1_000_000);
                return m;
            }
        }
        System.out.println("no sentiment model (-Dyuqing.bench.sentiment-model, or ../shared/data/sentiment): "
                + "enrichment measured with the lexicon only");
        return null;
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }
}
