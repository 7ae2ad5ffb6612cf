package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.enrich.TextAnalyzer;
import io.yuqing.radar.jobs.enrich.TextNormalizer;
import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.JudgementTally;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.jobs.judgement.TopicJudge;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the candidate terms of one window into topic snapshots and carries topics across windows.
 *
 * <ol>
 *   <li>Bursting terms are clustered by co-occurrence ({@link TopicMerger}).</li>
 *   <li>Each live topic has <em>anchors</em>: the (at most {@value #ANCHORS}) highest-scoring
 *       terms it was founded on. A sample of posts is about a topic to the share of them that
 *       name one of its anchors (a post names a term when one of its terms is or contains it)
 *       together with a second of its words or as a name ({@link #naming}: one common word such
 *       as 父亲 is in many stories), or, when nearly all of them name one of its keywords as a
 *       hashtag, place or organisation, to that share ({@link #affinity}). Posts carry their
 *       terms, so this is measured on the posts themselves, not on the names of keywords: a topic
 *       that took up a common word (回应, 官方) does not thereby capture the next event whose posts
 *       use it.</li>
 *   <li>A cluster continues the live topic its posts are most about, if that share reaches
 *       {@code matchOverlap} and is at least twice the share of any other topic. Its terms that
 *       are not about that topic (see 5) are taken as a cluster of their own, which may continue
 *       another topic or found one.</li>
 *   <li>A cluster that continues no topic founds one, unless it is an <em>echo</em> (that share of
 *       its posts are about live topics, but about no single one clearly more than another: a
 *       reaction word used across several events) or has fewer than {@code minTopicTerms}
 *       terms. A new topic's id is {@code tp-} + the first 12 hex digits of SHA-256 over its three
 *       most supported terms (sorted) and the window start, so a replay yields the same ids.</li>
 *   <li>A term counts for a topic in a window only when its posts are about the topic by the same
 *       measure and rule; a bursting term of a matched cluster that is not is left out (so the
 *       topic's counts do not take in another event's posts through a word both use).</li>
 *   <li>A live topic that no cluster continues stays alive on its keywords that still have
 *       {@code sustainAuthors} support and a score of at least {@code sustainZ} (above their own
 *       baseline): that is how it is followed through peak and cooling after its terms stop
 *       being new.</li>
 *   <li>A live topic without any supporting term for {@code endAfter} gets one final
 *       {@code ended} snapshot (zero counts) and is dropped.</li>
 *   <li>An ended topic is kept (anchors, keywords, title, 24 h view; at most {@value #MAX_DORMANT},
 *       for {@code reviveWithin}): a cluster that would found a topic but whose posts are clearly
 *       about an ended one by the same measure, and that bursts in one of its anchors, brings that
 *       one back under its id, with a fresh series. The story's next wave is its 续报, not a new topic's 首报.</li>
 * </ol>
 *
 * Counts come from the union of its terms' bottom-k samples: exact while the topic has at most
 * k posts in the window, scaled from the uniform sample above. Lifecycle, from the topic's series
 * of post counts: {@code emerging} in its first two windows; {@code rising} while it sets a new
 * peak and grows more than 5 % per slide; {@code peak} while at 80 % of its peak or more;
 * {@code cooling} below that; {@code ended} as above. The 1 h and 24 h views are summed from
 * the topic's posts per slide ({@link TopicVolume}).
 */
public final class TopicTracker {
    static final int MAX_HISTORY = 60;
    static final int MAX_STORED_KEYWORDS = 20;
    static final int SAMPLE_POSTS = 5;
    static final int ANCHORS = 3;
    /** Ended topics kept for revival, the most recently ended: bounds the stage's state. */
    static final int MAX_DORMANT = 200;
    static final double KEYWORD_AFFINITY = 0.8;
    static final int STORY_POSTS = 20;
    /** A headline says something in this many letters, and is no longer than the next. */
    static final int MIN_TITLE_CHARS = 6;
    static final int MAX_TITLE_CHARS = 40;
    /** Organisations shown per topic, and the sampled posts that must name one. */
    static final int MAX_ORGANIZATIONS = 5;
    static final int MIN_ORGANIZATION_POSTS = 2;
    private static final Pattern REPOST_HEAD = Pattern.compile("^\\s*@[^\\s:：]{1,30}\\s*[:：]");
    private static final Pattern LEAD = Pattern.compile("【([^【】]+)】");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[。！？!?；;\\n])");
    private static final Pattern CLAUSE_END = Pattern.compile("[,，、:：;； ]");

    private final TopicsParams p;
    private final long slideMillis;
    private final JudgementLexicon lexicon;
    private final CategoryModel model;

    /** A tracker that judges topics by the shipped lexicon. */
    public TopicTracker(TopicsParams p, Duration slide) {
        this(p, slide, JudgementLexicon.shipped(), null);
    }

    /** @param model a trained category model blended with the lexicon, or null for the lexicon alone */
    public TopicTracker(TopicsParams p, Duration slide, JudgementLexicon lexicon, CategoryModel model) {
        this.p = p;
        this.slideMillis = slide.toMillis();
        this.lexicon = lexicon;
        this.model = model;
    }

    public record Result(TrackerState state, List<TopicSnapshot> snapshots) {}

    public Result advance(TrackerState state, Instant windowStart, Instant windowEnd, List<TermWindow> candidates) {
        int k = p.sampleSize();
        Map<String, TermWindow> byTerm = new HashMap<>();
        for (TermWindow t : candidates) {
            byTerm.put(t.term(), t);
        }
        List<TermWindow> bursting = candidates.stream().filter(TermWindow::bursting).toList();
        List<List<TermWindow>> clusters = TopicMerger.merge(bursting, p.mergeContainment(), k);
        Memo memo = new Memo();

        Map<String, LiveTopic> live = new LinkedHashMap<>();
        for (LiveTopic t : state.topics()) {
            live.put(t.id(), t);
        }
        Map<String, LiveTopic> dormant = new LinkedHashMap<>();
        for (LiveTopic t : state.dormant()) {
            if (!p.reviveWithin().isZero()
                    && Duration.between(t.lastWindowEnd(), windowEnd).compareTo(p.reviveWithin()) <= 0) {
                dormant.put(t.id(), t);
            }
        }
        Map<String, Map<String, TermWindow>> assigned = new LinkedHashMap<>();
        ArrayDeque<List<TermWindow>> pending = new ArrayDeque<>(clusters);
        while (!pending.isEmpty()) {
            List<TermWindow> cluster = pending.poll();
            List<PostDigest> clusterPosts = TermAcc.unionSamples(cluster, k);
            Match m = match(clusterPosts, live.values(), t -> true, memo);
            LiveTopic best = m.best();
            double bestShare = m.share();
            boolean echo = bestShare >= p.matchOverlap() && !clearly(bestShare, m.second());
            if (echo) {
                continue;
            }
            List<TermWindow> members = cluster;
            if (bestShare < p.matchOverlap()) {
                // no live topic has the cluster as a whole; its terms that are about one still
                // continue it, and only the rest may found a topic. A common word bursting along
                // with an event (香港 with a Hong Kong story) leads a cluster whose posts are mostly
                // not the event's, and the topic it founded contested the event's own terms until
                // the event's topic starved
                List<TermWindow> rest = new ArrayList<>();
                for (TermWindow t : cluster) {
                    LiveTopic owner = owner(t, live.values(), memo);
                    if (owner != null) {
                        assigned.computeIfAbsent(owner.id(), x -> new LinkedHashMap<>()).put(t.term(), t);
                    } else {
                        rest.add(t);
                    }
                }
                if (rest.size() < p.minTopicTerms()) {
                    continue;
                }
                List<PostDigest> restPosts = TermAcc.unionSamples(rest, k);
                if (naming(restPosts, live.values(), memo) >= p.matchOverlap()) {
                    continue;
                }
                members = rest;
                // an ended topic the posts are clearly about comes back rather than a new one being founded
                // and a story's next wave bursts in its own words again: one of the ended topic's
                // anchors is among the cluster's terms. An unrelated story whose posts all name a
                // word the topic took up (中国 in a quote, after a topic whose reposts said 中国) is
                // not its next wave: taken for one, it hid the story under the old topic's title
                Set<String> restTerms = new HashSet<>();
                rest.forEach(t -> restTerms.add(t.term()));
                LiveTopic back = clearlyAbout(restPosts, dormant.values(),
                        t -> t.anchors().stream().anyMatch(restTerms::contains), memo);
                String id = back != null ? back.id() : topicId(rest, windowStart);
                Instant first = rest.stream().map(TermWindow::firstSeen).filter(x -> x != null)
                        .min(Comparator.naturalOrder()).orElse(windowStart);
                List<String> terms = rest.stream().map(TermWindow::term).toList();
                if (!live.containsKey(id)) {
                    // a new wave of an ended topic starts a fresh series (emerging again) under its
                    // old id, title and first sighting, with its 24 h view kept
                    LiveTopic founded = back != null
                            ? new LiveTopic(id, back.keywords(), back.anchors(), back.firstSeenAt(), windowEnd,
                            List.of(), 0, Lifecycle.EMERGING, back.volume(), back.title(), back.judgement())
                            : new LiveTopic(id, terms, anchors(rest), first, windowEnd, List.of(), 0,
                            Lifecycle.EMERGING, TopicVolume.EMPTY, null);
                    live.put(id, founded);
                    memo.liveChanged();
                    if (rest.stream().noneMatch(t -> belongs(t, founded, live.values(), memo))) {
                        // every term is as much about a live topic as about this one: founding it
                        // would only contest that topic's terms for a topic that never gets a
                        // count of its own
                        live.remove(id);
                        memo.liveChanged();
                        continue;
                    }
                    if (back != null) {
                        dormant.remove(id);
                    }
                }
                best = live.get(id);
            }
            Map<String, TermWindow> a = assigned.computeIfAbsent(best.id(), x -> new LinkedHashMap<>());
            List<TermWindow> left = new ArrayList<>();
            for (TermWindow t : members) {
                if (belongs(t, best, live.values(), memo)) {
                    a.put(t.term(), t);
                } else {
                    left.add(t);
                }
            }
            if (members == cluster && left.size() >= p.minTopicTerms() && left.size() < cluster.size()) {
                // the terms of a continued cluster that are not about its topic are judged on their
                // own: a word both stories use (孩子) bursting with a live topic put a new story's
                // terms (凑钱, 交钱 of a mother fleeing 城管) in the live topic's cluster, where they
                // counted for nothing and the story was never a topic
                pending.add(left);
            }
        }
        for (LiveTopic t : live.values()) {
            Map<String, TermWindow> a = assigned.computeIfAbsent(t.id(), x -> new LinkedHashMap<>());
            for (String kw : t.keywords()) {
                TermWindow tw = byTerm.get(kw);
                if (tw != null && tw.support() >= p.sustainAuthors() && tw.score() >= p.sustainZ()
                        && belongs(tw, t, live.values(), memo)) {
                    a.putIfAbsent(kw, tw);
                }
            }
        }

        List<TopicSnapshot> out = new ArrayList<>();
        List<LiveTopic> next = new ArrayList<>();
        long endSlide = windowEnd.toEpochMilli() / slideMillis - 1;
        for (LiveTopic t : live.values()) {
            Map<String, TermWindow> a = assigned.get(t.id());
            if (a == null || a.isEmpty()) {
                TopicVolume volume = t.volume().observe(endSlide, new long[0], slideMillis);
                if (Duration.between(t.lastWindowEnd(), windowEnd).compareTo(p.endAfter()) >= 0) {
                    // an analyst knows the topic by the title it had while alive, not by bare keywords
                    String title = title(List.of(), t.keywords(), t);
                    out.add(judged(new TopicSnapshot(t.id(), title, shown(t, List.of()),
                            windowStart, windowEnd, t.firstSeenAt(), Lifecycle.ENDED, 0, 0, 0, 0, 0, Map.of(), Map.of(),
                            0, t.counts().isEmpty() ? 0 : -1, List.of(), volume.lastHour(),
                            volume.lastDay(slideMillis)), t.judgement(), List.of()));
                    dormant.remove(t.id());
                    dormant.put(t.id(), new LiveTopic(t.id(), t.keywords(), t.anchors(), t.firstSeenAt(),
                            t.lastWindowEnd(), List.of(), 0, Lifecycle.ENDED, volume, title, t.judgement()));
                } else {
                    next.add(new LiveTopic(t.id(), t.keywords(), t.anchors(), t.firstSeenAt(), t.lastWindowEnd(),
                            t.counts(), t.peak(), t.lifecycle(), volume, t.title(), t.judgement()));
                }
                continue;
            }
            Built b = build(t, new ArrayList<>(a.values()), windowStart, windowEnd);
            out.add(b.snapshot());
            next.add(b.topic());
        }
        List<LiveTopic> keep = new ArrayList<>(dormant.values());
        return new Result(new TrackerState(next, keep.subList(Math.max(0, keep.size() - MAX_DORMANT), keep.size())), out);
    }

    /**
     * Whether a term counts for topic {@code t} in this window: its posts are about t
     * ({@link #affinity}) to {@code matchOverlap}, clearly more than about any other live topic.
     */
    private boolean belongs(TermWindow term, LiveTopic t, java.util.Collection<LiveTopic> live, Memo memo) {
        return memo.affinity(term.sample(), t) >= p.matchOverlap() && owner(term, live, memo) == t;
    }

    /** The live topic {@code term}'s posts are about (see {@link #belongs}), or null; {@code live} is the window's live topics. */
    private LiveTopic owner(TermWindow term, java.util.Collection<LiveTopic> live, Memo memo) {
        if (memo.owner.containsKey(term)) {
            return memo.owner.get(term);
        }
        Set<String> said = new HashSet<>();
        List<String> words = new ArrayList<>();
        for (PostDigest d : term.sample()) {
            for (int i = 0; i < d.keywords().size(); i++) {
                if (said.add(d.keywords().get(i))) {
                    words.add(d.keywords().get(i));
                }
            }
        }
        // most topics share no word with the term's posts: skip the full count for them
        LiveTopic owner = clearlyAbout(term.sample(), live, t -> mayName(said, words, t), memo);
        memo.owner.put(term, owner);
        return owner;
    }

    /**
     * The answers one window's tracking needs again and again, each found once: a term's posts
     * are measured against the live topics for its cluster, for each topic it may count for and
     * for each keyword that may sustain one ({@link #belongs}, {@link #owner}), and the same
     * term and topic came up many times a window (a third of the stage's time went to repeating
     * {@link #affinity}). Keyed by identity, as samples and topics are immutable values; an
     * owner depends on which topics are live, so those are forgotten when a topic is founded.
     */
    private final class Memo {
        private final Map<List<PostDigest>, Map<LiveTopic, Double>> affinity = new IdentityHashMap<>();
        private final Map<TermWindow, LiveTopic> owner = new IdentityHashMap<>();
        private final Map<LiveTopic, Map<String, Integer>> named = new IdentityHashMap<>();

        double affinity(List<PostDigest> posts, LiveTopic t) {
            return affinity.computeIfAbsent(posts, x -> new IdentityHashMap<>())
                    .computeIfAbsent(t, x -> TopicTracker.this.affinity(posts, x, this));
        }

        /**
         * What each term of the window's posts names of topic {@code t} ({@link #named}): the
         * samples of a window's terms share most of their posts and so their terms, and
         * {@link #names}, string containment over the topic's words, was the stage's hottest
         * code when each post's terms were matched afresh for every sample and topic.
         */
        Map<String, Integer> named(LiveTopic t) {
            return named.computeIfAbsent(t, x -> new HashMap<>());
        }

        void liveChanged() {
            owner.clear();
        }
    }

    /**
     * The topic among {@code topics} (those {@code candidate} lets through) that {@code posts} are
     * about to {@code matchOverlap} by {@link #affinity}, clearly more than about any other; or null.
     */
    private LiveTopic clearlyAbout(List<PostDigest> posts, java.util.Collection<LiveTopic> topics,
                                   java.util.function.Predicate<LiveTopic> candidate, Memo memo) {
        Match m = match(posts, topics, candidate, memo);
        return m.share() >= p.matchOverlap() && clearly(m.share(), m.second()) ? m.best() : null;
    }

    /** The topic {@code posts} are most about, that share, and the runner-up's share. */
    private record Match(LiveTopic best, double share, double second) {}

    private Match match(List<PostDigest> posts, java.util.Collection<LiveTopic> topics,
                        java.util.function.Predicate<LiveTopic> candidate, Memo memo) {
        LiveTopic best = null;
        double bestShare = 0;
        double second = 0;
        for (LiveTopic t : topics) {
            if (!candidate.test(t)) {
                continue;
            }
            double share = memo.affinity(posts, t);
            if (share > bestShare) {
                second = bestShare;
                bestShare = share;
                best = t;
            } else {
                second = Math.max(second, share);
            }
        }
        return new Match(best, bestShare, second);
    }

    /**
     * Whether posts whose terms are {@code said} (and, each once, {@code words}) can be about
     * {@code t} at all. Indexed loops: iterating the set, and an iterator per list, for every
     * term and topic were, with {@link #names}' own, a quarter of the stage's allocation
     * (TopicsJobBench).
     */
    private static boolean mayName(Set<String> said, List<String> words, LiveTopic t) {
        List<String> keywords = t.keywords();
        for (int i = 0; i < keywords.size(); i++) {
            if (said.contains(keywords.get(i))) {
                return true;
            }
        }
        List<String> anchors = t.anchors();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            for (int j = 0; j < anchors.size(); j++) {
                if (w.contains(anchors.get(j))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * How much {@code posts} are about topic {@code t}: the share naming its anchors, or, when
     * nearly all of them ({@value #KEYWORD_AFFINITY}) name one of its keywords as a name (a
     * hashtag, place or organisation in the post), that share. The second reading catches a
     * sub-theme told in other words (黄河路站附近水流很急 under #徐州暴雨#, while the topic's
     * anchors are 建设大道 and 积水); names only, because a plain word the topic took up along the
     * way (回应, the emoticon's 嘻嘻) is in the next event's posts just as often, and would pull
     * it in. A post counts only when it names more of the topic's names than names of its own
     * (a place the topic has not): a shooting in 广西贵港市平南县 whose posts also said 北京 went
     * into a Beijing tap-water topic that had taken up 北京, and a Jinan family's story into a
     * gold-reserve topic through 中国, before posts naming places of their own were about somewhere else.
     */
    private double affinity(List<PostDigest> posts, LiveTopic t, Memo memo) {
        double anchored = naming(posts, List.of(t), memo);
        if (anchored >= p.matchOverlap() || posts.isEmpty()) {
            return anchored;
        }
        Set<String> keywords = new HashSet<>(t.keywords());
        Map<String, Integer> named = memo.named(t);
        int n = 0;
        for (PostDigest d : posts) {
            int topics = 0;
            int own = 0;
            for (int i = 0; i < d.keywords().size(); i++) {
                if (!d.isName(i)) {
                    continue;
                }
                String kw = d.keywords().get(i);
                if (keywords.contains(kw)) {
                    topics++;
                } else if ((named(kw, t, named) & NAMES_KEYWORD) == 0) {
                    own++;
                }
            }
            if (topics > own) {
                n++;
            }
        }
        double wider = (double) n / posts.size();
        return wider >= KEYWORD_AFFINITY ? wider : anchored;
    }

    /** A share is clear when it is at least twice the runner-up's: a word used alike by two events belongs to neither. */
    static boolean clearly(double best, double second) {
        return second * 2 <= best;
    }

    /** The terms a new topic is anchored on: its most anomalous (by score), as they are the most specific to it. */
    static List<String> anchors(List<TermWindow> cluster) {
        return cluster.stream().sorted(TopicMerger.BY_SCORE).limit(ANCHORS).map(TermWindow::term).toList();
    }

    /**
     * Share of the sampled posts that are about one of {@code topics} by its anchors (0 for no
     * posts): that name one of its anchors and, as one common word is in many stories (a post on
     * Father's Day and a murder case's both say 父亲), also a second of the topic's words, or the
     * anchor as a name (a hashtag, place or organisation: the city in a post on the flood's
     * outage). A post names a word when one of its terms is or contains it: the segmenter keeps
     * compounds whole (徐州气象台, 昆明车祸), and a post about the 徐州 flood that says 徐州气象台
     * names 徐州.
     */
    private static double naming(List<PostDigest> posts, java.util.Collection<LiveTopic> topics, Memo memo) {
        if (posts.isEmpty() || topics.isEmpty()) {
            return 0;
        }
        LiveTopic[] ts = topics.toArray(new LiveTopic[0]);
        List<Map<String, Integer>> named = new ArrayList<>(ts.length);
        for (LiveTopic t : ts) {
            named.add(memo.named(t));
        }
        int n = 0;
        for (PostDigest d : posts) {
            for (int j = 0; j < ts.length; j++) {
                if (about(d, ts[j], named.get(j))) {
                    n++;
                    break;
                }
            }
        }
        return (double) n / posts.size();
    }

    /**
     * Whether {@code d} is about {@code t} by its anchors (see {@link #naming}), each of its words
     * looked at once.
     *
     * @param named what terms name of {@code t}, found so far this window ({@link #named})
     */
    private static boolean about(PostDigest d, LiveTopic t, Map<String, Integer> named) {
        List<String> keywords = d.keywords();
        boolean anchored = false;
        int words = 0;
        for (int i = 0; i < keywords.size(); i++) {
            int what = named(keywords.get(i), t, named);
            if ((what & NAMES_ANCHOR) != 0) {
                if (d.isName(i)) {
                    return true;
                }
                anchored = true;
                words++;
            } else if ((what & NAMES_KEYWORD) != 0) {
                words++;
            }
        }
        return anchored && words >= 2;
    }

    /** {@link #named} bits: the term names one of the topic's anchors; one of its keywords. */
    private static final int NAMES_ANCHOR = 1;
    private static final int NAMES_KEYWORD = 2;

    /**
     * What {@code term} names of topic {@code t}: {@link #NAMES_ANCHOR} and/or {@link #NAMES_KEYWORD}
     * ({@link #names}), from {@code named} when found before for {@code t}, else found and kept there.
     */
    private static int named(String term, LiveTopic t, Map<String, Integer> named) {
        Integer what = named.get(term);
        if (what == null) {
            what = (names(term, t.anchors()) ? NAMES_ANCHOR : 0) | (names(term, t.keywords()) ? NAMES_KEYWORD : 0);
            named.put(term, what);
        }
        return what;
    }

    /** Whether {@code term} is or contains one of {@code words}. */
    private static boolean names(String term, List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (term.equals(w) || term.length() > w.length() && term.contains(w)) {
                return true;
            }
        }
        return false;
    }

    private record Built(TopicSnapshot snapshot, LiveTopic topic) {}

    /**
     * The organisations a topic involves: those named by at least {@value #MIN_ORGANIZATION_POSTS} of
     * its sampled posts (one post naming a bank is not the bank's story), the most named
     * {@value #MAX_ORGANIZATIONS}, counts scaled to the topic's posts.
     */
    static Map<String, Long> involved(Map<String, Long> sampled, double scale) {
        Map<String, Long> out = new TreeMap<>();
        sampled.entrySet().stream().filter(e -> e.getValue() >= MIN_ORGANIZATION_POSTS)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(MAX_ORGANIZATIONS)
                .forEach(e -> out.put(e.getKey(), Math.round(e.getValue() * scale)));
        return out;
    }

    private Built build(LiveTopic t, List<TermWindow> terms, Instant windowStart, Instant windowEnd) {
        int k = p.sampleSize();
        terms.sort(TopicMerger.BY_SUPPORT);
        List<PostDigest> sample = TermAcc.unionSamples(terms, k);
        BottomK[] authorSets = new BottomK[terms.size()];
        for (int i = 0; i < authorSets.length; i++) {
            authorSets[i] = (BottomK) terms.get(i).authorSample();
        }
        List<Long> authorSample = BottomK.union(authorSets, authorSets.length, k);
        long posts = TermAcc.postCount(sample, k);
        long authors = Hashing.estimate(authorSample, k);
        double scale = sample.isEmpty() ? 0 : (double) posts / sample.size();

        long originals = 0;
        long negatives = 0;
        long verified = 0;
        long news = 0;
        double engagement = 0;
        Map<String, Long> platforms = new TreeMap<>();
        Map<String, Long> regions = new TreeMap<>();
        Map<String, Long> organizations = new TreeMap<>();
        for (PostDigest d : sample) {
            originals += d.original() ? 1 : 0;
            negatives += d.negative() ? 1 : 0;
            verified += d.verified() ? 1 : 0;
            news += "news".equals(d.platform()) ? 1 : 0;
            engagement += d.engagement();
            platforms.merge(d.platform(), 1L, Long::sum);
            if (d.region() != null) {
                regions.merge(d.region(), 1L, Long::sum);
            }
            for (int i = 0; i < d.keywords().size(); i++) {
                if (d.isOrganization(i)) {
                    organizations.merge(d.keywords().get(i), 1L, Long::sum);
                }
            }
        }
        platforms.replaceAll((x, n) -> Math.round(n * scale));
        regions.replaceAll((x, n) -> Math.round(n * scale));
        long negativeCount = Math.min(posts, Math.round(negatives * scale));
        double negativeRatio = posts == 0 ? 0 : Math.round(10_000.0 * negativeCount / posts) / 10_000.0;

        List<String> current = terms.stream().map(TermWindow::term).toList();
        Set<String> kws = new LinkedHashSet<>(current);
        kws.addAll(t.keywords());
        List<String> keywords = kws.stream().limit(MAX_STORED_KEYWORDS).toList();

        long prev = t.counts().isEmpty() ? 0 : t.counts().get(t.counts().size() - 1);
        double velocity = Math.round(100.0 * (posts - prev) / Math.max(prev, 1)) / 100.0;
        long peak = Math.max(t.peak(), posts);
        List<Long> counts = new ArrayList<>(t.counts());
        counts.add(posts);
        while (counts.size() > MAX_HISTORY) {
            counts.remove(0);
        }
        Lifecycle lifecycle = lifecycle(counts, t.peak(), posts, velocity);
        double share = sample.isEmpty() ? 0 : 1.0 / sample.size();
        double heat = TopicHeat.heat(posts, authors, engagement * scale, verified * share, news * share, velocity);

        List<PostDigest> representative = representative(sample, current);
        List<SamplePost> samples = representative.stream()
                .map(d -> new SamplePost(d.id(), d.url(), d.excerpt())).toList();
        Instant firstSeen = t.firstSeenAt();
        for (TermWindow tw : terms) {
            if (tw.firstSeen() != null && tw.firstSeen().isBefore(firstSeen)) {
                firstSeen = tw.firstSeen();
            }
        }
        TopicVolume volume = t.volume().observe(windowEnd.toEpochMilli() / slideMillis - 1,
                perSlide(sample, posts, windowStart, windowEnd), slideMillis);
        List<PostCues> cues = sample.stream().map(PostDigest::cues).filter(java.util.Objects::nonNull).toList();
        JudgementTally seen = JudgementTally.of(cues, lexicon);
        String story = model == null ? "" : story(sample);
        if (!story.isEmpty()) {
            seen = seen.withModel(model.predict(story));
        }
        JudgementTally tally = t.judgement().plus(seen);
        TopicSnapshot s = judged(new TopicSnapshot(t.id(), title(representative, current, t), shown(t, current), windowStart,
                windowEnd, firstSeen, lifecycle, posts, authors, Math.round(originals * scale), negativeCount,
                negativeRatio, platforms, regions, heat, velocity, samples, volume.lastHour(),
                volume.lastDay(slideMillis)), tally, cues);
        s = TopicEmotions.on(s, sample, scale).withOrganizations(involved(organizations, scale));
        List<String> anchors = new ArrayList<>(t.anchors());
        // a topic founded on fewer terms takes its next most anomalous as anchors
        for (TermWindow tw : terms.stream().sorted(TopicMerger.BY_SCORE).toList()) {
            if (anchors.size() < ANCHORS && !anchors.contains(tw.term())) {
                anchors.add(tw.term());
            }
        }
        return new Built(s, new LiveTopic(t.id(), keywords, anchors, firstSeen, windowEnd, counts, peak, lifecycle,
                volume, s.title(), tally));
    }

    /**
     * The story a category model reads: the distinct texts of the window's original posts (at most
     * {@value #STORY_POSTS}). Reactions are left out: repost comments lowered the model's accuracy
     * on the labelled events (0.70 → 0.64 at ten an event).
     */
    static String story(List<PostDigest> sample) {
        return sample.stream().filter(PostDigest::original).map(PostDigest::excerpt)
                .filter(x -> x != null && !x.isBlank()).distinct().limit(STORY_POSTS)
                .collect(java.util.stream.Collectors.joining("\n"));
    }

    /** {@code s} with the judgement of its topic's {@code tally}, evidence from this window's posts. */
    private TopicSnapshot judged(TopicSnapshot s, JudgementTally tally, List<PostCues> window) {
        if (tally.posts() == 0) {
            return s; // no post with cues yet (state from before judgement): no category rather than a guess
        }
        TopicJudge.Judgement j = TopicJudge.judge(tally, window, lexicon);
        return s.withJudgement(j.category(), j.confidence(), j.evidence(), j.rumorScore(), j.signals());
    }

    /** The window's posts per slide, oldest first: each slide's share of the sample, times the post count. */
    long[] perSlide(List<PostDigest> sample, long posts, Instant windowStart, Instant windowEnd) {
        long start = windowStart.toEpochMilli();
        int n = (int) Math.max(1, (windowEnd.toEpochMilli() - start) / slideMillis);
        long[] hits = new long[n];
        for (PostDigest d : sample) {
            if (d.createdAt() != null) {
                long i = Math.floorDiv(d.createdAt().toEpochMilli() - start, slideMillis);
                hits[(int) Math.max(0, Math.min(n - 1, i))]++;
            }
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = sample.isEmpty() ? 0 : Math.round((double) hits[i] * posts / sample.size());
        }
        return out;
    }

    static Lifecycle lifecycle(List<Long> counts, long previousPeak, long posts, double velocity) {
        if (counts.size() <= 2) {
            return Lifecycle.EMERGING;
        }
        if (posts >= previousPeak && velocity > 0.05) {
            return Lifecycle.RISING;
        }
        if (posts >= 0.8 * Math.max(previousPeak, posts)) {
            return Lifecycle.PEAK;
        }
        return Lifecycle.COOLING;
    }

    /**
     * Most representative first: covers the topic's terms, engages, comes from a verified source.
     * Distinct stories only: one post per near-duplicate cluster, and none telling a story already
     * shown ({@link #sameStory}): reposts carrying one source differ only in the reposters' words.
     * About the topic only: a post covering less than half as many of its terms as the best is
     * in the sample through a common word (儿子, 上海) and tells another story.
     */
    static List<PostDigest> representative(List<PostDigest> sample, List<String> terms) {
        // each post's coverage once: the order below asked for it at every comparison
        Map<PostDigest, Integer> covered = new IdentityHashMap<>();
        Map<PostDigest, Double> representativeness = new IdentityHashMap<>();
        int most = 0;
        for (PostDigest d : sample) {
            int c = covered(d, terms);
            covered.put(d, c);
            representativeness.put(d, representativeness(d, c));
            most = Math.max(most, c);
        }
        Map<Long, PostDigest> bestPerCluster = new HashMap<>();
        Comparator<PostDigest> order = Comparator.comparingDouble((PostDigest d) -> -representativeness.get(d))
                .thenComparing(PostDigest::id);
        for (PostDigest d : sample) {
            bestPerCluster.merge(d.clusterHash(), d, (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        List<PostDigest> out = new ArrayList<>();
        List<String> told = new ArrayList<>();
        for (PostDigest d : bestPerCluster.values().stream().sorted(order).toList()) {
            if (2 * covered.get(d) < most) {
                continue;
            }
            String story = storyKey(d);
            int i = 0;
            while (i < told.size() && !sameStory(told.get(i), story)) {
                i++;
            }
            if (i == told.size()) {
                told.add(story);
                out.add(d);
            } else if (d.original() && !out.get(i).original()) {
                // a story is shown by its source, not by a more engaging repost of it
                out.set(i, d);
            }
        }
        return out.subList(0, Math.min(SAMPLE_POSTS, out.size()));
    }

    /** @param covered how many of the topic's terms {@code d} covers ({@link #covered}) */
    private static double representativeness(PostDigest d, int covered) {
        return covered + 0.3 * Math.log1p(d.engagement()) + (d.verified() ? 0.5 : 0)
                + (d.original() ? 0.5 : 0);
    }

    private static int covered(PostDigest d, List<String> terms) {
        int covered = 0;
        for (String t : terms) {
            if (d.keywords().contains(t) || (d.excerpt() != null && d.excerpt().contains(t))) {
                covered++;
            }
        }
        return covered;
    }

    /**
     * The story a post tells, as its letters and digits: the text after the last {@code //@name:} of
     * a repost chain (what was reposted, the reposters' words before it being reactions), else all
     * of it. Marks, spaces and emoticons do not make two texts different.
     */
    static String storyKey(PostDigest d) {
        String text = d.excerpt() == null ? "" : d.excerpt();
        int chain = text.lastIndexOf("//");
        String told = chain < 0 ? text : REPOST_HEAD.matcher(text.substring(chain + 2)).replaceFirst("");
        if (told.isBlank()) {
            told = text;
        }
        return lettersAndDigits(TextNormalizer.withoutEmoticons(told));
    }

    /**
     * The letters and numbers of {@code s} (what {@code [^\p{L}\p{N}]} removed, by a loop: the
     * regular expression was a tenth of the topic stage's time, run on every representative
     * candidate of every window).
     */
    static String lettersAndDigits(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            switch (Character.getType(cp)) {
                case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                        Character.MODIFIER_LETTER, Character.OTHER_LETTER, // \p{L}
                        Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> // \p{N}
                        out.appendCodePoint(cp);
                default -> { }
            }
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * Whether two story keys tell one story: equal, or one the start of the other, as an excerpt
     * cut after a reposter's words keeps only the start of the text it carries.
     */
    static boolean sameStory(String a, String b) {
        if (Math.min(a.length(), b.length()) < MIN_TITLE_CHARS) {
            return a.equals(b);
        }
        return a.startsWith(b) || b.startsWith(a);
    }

    /**
     * A topic's headline. The title it already has, while it is one: the tracker follows one story
     * under one id, and the top post of each window's sample would make the title drift (to a
     * reaction, to a worse post). Else the first sentence of the most representative post's story:
     * an original's own text, a repost's source as it carries it (its reactions never). Not the
     * first original whatever its rank: hours into a cascade its source is out of the window, and an
     * original there that shares a word or two with it (加油 in a 武汉加油 post beside reposts of a
     * warning about 加油员) tells another story. A list of its terms only when no post says anything
     * readable. Deterministic: the representatives are ordered, so a replay gives the same.
     */
    String title(List<PostDigest> representative, List<String> terms, LiveTopic t) {
        String kept = t.title();
        if (kept != null && !kept.isBlank() && !isTermList(kept, t.keywords()) && !isTermList(kept, terms)) {
            return kept;
        }
        for (PostDigest d : representative) {
            String h = headline(d);
            if (h != null) {
                return h;
            }
        }
        return String.join("、", shown(terms).stream().limit(3).toList());
    }

    private static boolean isTermList(String title, List<String> terms) {
        return terms.containsAll(List.of(title.split("、")));
    }

    /**
     * The first sentence a post tells, readable: an original's own text (up to a repost chain it may
     * quote); what a repost carries after the last {@code //@name:} (never its own words, a reaction
     * or 转发微博). Emoticons, # marks and a leading {@code @name:} are left out, a leading 【…】 is
     * the headline, short sentences are joined until they say something, and a long one is cut at a
     * clause. Null when nothing readable is left.
     */
    static String headline(PostDigest d) {
        String text = d.excerpt() == null ? "" : d.excerpt();
        int chain = text.indexOf("//");
        String h = d.original() ? sentence(chain < 0 ? text : text.substring(0, chain)) : null;
        if (h == null && chain >= 0) {
            h = sentence(REPOST_HEAD.matcher(text.substring(text.lastIndexOf("//") + 2)).replaceFirst(""));
        }
        return h;
    }

    private static String sentence(String text) {
        String s = TextNormalizer.withoutEmoticons(text).replace("转发微博", " ").replace('#', ' ');
        s = REPOST_HEAD.matcher(s.replaceAll("\\s+", " ").strip()).replaceFirst("").strip();
        Matcher lead = LEAD.matcher(s);
        if (lead.lookingAt() && letters(lead.group(1)) >= MIN_TITLE_CHARS) {
            return clip(lead.group(1).strip());
        }
        StringBuilder b = new StringBuilder();
        for (String part : SENTENCE_END.split(s)) {
            b.append(part);
            if (letters(b) >= MIN_TITLE_CHARS) {
                break;
            }
        }
        String h = balanced(b.toString()).replace("【", "").replace("】", " ").replaceAll("^[\\s,，、.。:：;；!！?？]+|[\\s,，、:：;；。]+$", "");
        return letters(h) >= MIN_TITLE_CHARS ? clip(h) : null;
    }

    /** {@code s} without the quotes and brackets whose partner the sentence or the excerpt cut off. */
    private static String balanced(String s) {
        for (String pair : new String[] {"“”", "《》", "()", "（）"}) {
            char open = pair.charAt(0);
            char close = pair.charAt(1);
            if (s.chars().filter(c -> c == open).count() != s.chars().filter(c -> c == close).count()) {
                s = s.replace(String.valueOf(open), "").replace(String.valueOf(close), "");
            }
        }
        return s;
    }

    /** At most {@value #MAX_TITLE_CHARS} characters: cut at the last clause that fits, else with an ellipsis. */
    private static String clip(String h) {
        if (h.length() <= MAX_TITLE_CHARS) {
            return h;
        }
        String head = h.substring(0, MAX_TITLE_CHARS);
        Matcher clause = CLAUSE_END.matcher(head);
        int cut = -1;
        while (clause.find()) {
            cut = clause.start();
        }
        return cut > 0 && letters(head.substring(0, cut)) >= MIN_TITLE_CHARS
                ? head.substring(0, cut) : head.substring(0, MAX_TITLE_CHARS - 1) + "…";
    }

    private static int letters(CharSequence s) {
        return (int) s.chars().filter(Character::isLetterOrDigit).count();
    }

    /** The keywords a snapshot shows: words only, whatever older state still holds. */
    private List<String> shown(List<String> terms) {
        return terms.stream().filter(TextAnalyzer::isWord).limit(p.maxKeywords()).toList();
    }

    /**
     * The keywords a snapshot of {@code t} shows: the anchors it is known by, then the window's
     * supporting terms, then its earlier ones. As a story dies down the few words still carrying it
     * are generic (公布, 解决), and shown alone they no longer said what the topic is.
     */
    private List<String> shown(LiveTopic t, List<String> current) {
        Set<String> words = new LinkedHashSet<>(t.anchors());
        words.addAll(current);
        words.addAll(t.keywords());
        return shown(List.copyOf(words));
    }

    /** Deterministic id of a new topic: its three most supported terms (sorted) and the window start. */
    static String topicId(List<TermWindow> cluster, Instant windowStart) {
        List<String> founding = new ArrayList<>(cluster.stream().sorted(TopicMerger.BY_SUPPORT).limit(3)
                .map(TermWindow::term).toList());
        founding.sort(Comparator.naturalOrder());
        String seed = String.join("\u0001", founding) + "\u0002" + windowStart.toEpochMilli();
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder("tp-");
            for (int i = 0; i < 6; i++) {
                sb.append(String.format("%02x", d[i] & 0xff));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
