package io.yuqing.radar.jobs.topics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.yuqing.radar.jobs.alerts.AlertRulesConfig;
import io.yuqing.radar.jobs.alerts.ReportSequencer;
import io.yuqing.radar.jobs.alerts.TopicAlertState;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.JudgementTally;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.jobs.judgement.TopicJudge;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluation of 舆情 judgement (issue: judgement), over the real data in ../shared/data, read at run
 * time and never copied; skipped when it is absent.
 *
 * <p><b>Categories and alerts.</b> The 400 hand-labelled CED events (ced/labels.tsv: category,
 * relevance 0/1/2, by the rubric in labels.md) are composed over real background as the hot-topic
 * harness does: each event's cascade (its first twelve hours, at most {@value #MAX_EVENT_POSTS} posts,
 * with their real relative times) starts at its slot, one every {@value #SPACING_MINUTES} minutes, in
 * batches of {@value #BATCH} events over the 2020 Weibo posts of sentiment/covid_weibo_train.tsv
 * (drawn anew for each {@link #BACKGROUND_STRETCH}, so the background keeps one rate) spread over
 * {@link #SPAN}. Posts go through the real enrichment ({@link PostEnricher}: HanLP,
 * sentiment), the topics job's logic ({@link TopicsSimulator}, default settings, the shipped
 * lexicon) and the alerts job's ({@link ReportSequencer}, the shipped rules), as a platform delivers
 * them: a plain repost has no text of its own and carries the source's text as {@code repost_text}.
 * A topic belongs to the event most of its sample posts come from; an event's category is that of
 * its largest topic's last snapshot. Every figure is taken as of a cascade age ({@link #AGES}): what
 * had been found, alerted and categorised by then, in the same run, so a story caught late counts
 * only at the later ages. Printed, in full at {@link #HEADLINE} and by age: alert recall on relevance
 * ≥ 1 events, relevance-2 events at ≥ 较大, the alerted share of relevance-0 events, alerts on the
 * background alone per hour, category accuracy (undetected events count as wrong, with a
 * per-category table), and the median time from an event's first post to its first alert.
 *
 * <p><b>Credibility.</b> Every CED event with posts (rumour / non-rumour labels in events.tsv), its
 * posts up to 30 min, 1 h and 3 h of cascade age (a bottom-k sample of 256, as a topic holds),
 * judged by {@link TopicJudge}; 疑似不实 = rumour score ≥ the rules' rumor-threshold. Printed:
 * accuracy and F1 (rumour as the positive class) at each age.
 *
 * <p>The assertions are floors a little below the figures reached, so a regression fails the build;
 * the printout is what to report. The targets are higher in places (see the note).
 */
class JudgementEvaluationTest {
    static final Instant T0 = Instant.parse("2026-02-02T00:00:00Z");
    static final int BATCH = 40;
    static final int SPACING_MINUTES = 12;
    /** How much of each cascade is planted: the office watches a story for half a day. */
    static final Duration HORIZON = Duration.ofHours(12);
    /** The cascade ages at which the figures are taken; the assertions are on {@link #HEADLINE}. */
    static final List<Duration> AGES = List.of(Duration.ofHours(1), Duration.ofHours(4), HORIZON);
    static final Duration HEADLINE = Duration.ofHours(4);
    /** The last slot's posts, and a slide or two to release their windows. */
    static final Duration SPAN = slot(BATCH - 1).plus(HORIZON).plusMinutes(12);
    /** The background file spread over this long, and drawn again for each further stretch: ~22 posts a minute. */
    static final Duration BACKGROUND_STRETCH = Duration.ofMinutes(760);
    static final int MAX_EVENT_POSTS = 800;

    private final PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
    private final Map<String, EnrichedPost> enriched = new HashMap<>();
    private final AlertRulesConfig rules = AlertRulesConfig.defaults();
    /** The events whose source account is verified (events.tsv): their original post is told by it. */
    private java.util.Set<String> verified = java.util.Set.of();
    /** Posts planted per event, for the details listing. */
    private final Map<String, Integer> plantedPosts = new HashMap<>();

    record Label(String event, Category category, int relevance, String reason) {}

    record Row(String kind, String mid, String uid, Instant at, String text) {}

    @Test
    void labelledEventsAreCategorisedAndGraded() throws IOException {
        Optional<Path> data = TopicsEvaluationTest.sharedData();
        Assumptions.assumeTrue(data.isPresent(), "../shared/data not found: evaluation skipped");
        Path ced = data.get().resolve("ced");
        Path sentiment = data.get().resolve("sentiment/covid_weibo_train.tsv");
        Assumptions.assumeTrue(Files.isRegularFile(ced.resolve("labels.tsv")) && Files.isRegularFile(sentiment),
                "labels or background missing: evaluation skipped");
        List<Label> labels = labels(ced.resolve("labels.tsv"));
        Map<String, String> sources = TopicsEvaluationTest.sourceTexts(ced);
        verified = verifiedSources(ced);
        Map<String, List<Row>> cascades = rows(ced, labels.stream().map(Label::event).collect(java.util.stream.Collectors.toSet()));
        List<EnrichedPost> background = background(sentiment);
        TopicsParams params = TopicsParams.defaults();

        // the background alone: every alert is a false one
        List<TopicSnapshot> backgroundAlone = simulate(background, params);
        List<Alert> falseAlerts = alerts(backgroundAlone);
        double hours = (SPAN.toMinutes() - params.warmup().toMinutes()) / 60.0;

        Map<Duration, Map<String, Outcome>> byAge = new LinkedHashMap<>();
        Map<String, Outcome> unjudged = new LinkedHashMap<>();
        for (int from = 0; from < labels.size(); from += BATCH) {
            List<Label> batch = labels.subList(from, Math.min(labels.size(), from + BATCH));
            Map<String, List<EnrichedPost>> planted = new LinkedHashMap<>();
            Map<String, Instant> starts = new HashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                String ev = batch.get(i).event();
                starts.put(ev, T0.plus(slot(i)));
                planted.put(ev, cascade(ev, cascades.getOrDefault(ev, List.of()), sources.get(ev), starts.get(ev)));
            }
            List<EnrichedPost> all = new ArrayList<>(background);
            planted.values().forEach(all::addAll);
            planted.forEach((ev, posts) -> plantedPosts.put(ev, posts.size()));
            all.sort(Comparator.comparing(EnrichedPost::createdAt));
            List<TopicSnapshot> snaps = simulate(all, params);
            String trace = System.getProperty("judgement.trace"); // -Djudgement.trace=EVENT: that event's topic, window by window
            if (trace != null && planted.containsKey(trace)) {
                Map<String, List<TopicSnapshot>> byTopic = new LinkedHashMap<>();
                snaps.forEach(s -> byTopic.computeIfAbsent(s.topicId(), k -> new ArrayList<>()).add(s));
                byTopic.values().stream().filter(ss -> TopicsEvaluationTest.majoritySource(ss).equals(trace)).flatMap(List::stream)
                        .forEach(s -> {
                            Map<String, Integer> origin = new java.util.TreeMap<>();
                            s.samplePosts().forEach(p -> origin.merge(p.id().startsWith("ev") ? p.id().substring(2, p.id().indexOf('-')) : "bg", 1, Integer::sum));
                            System.out.printf("    trace %s %s %d posts %s from %s%n", s.topicId(), s.windowEnd(), s.postCount(), s.keywords(), origin);
                        });
            }
            List<Alert> alerts = alerts(snaps);
            for (Duration age : AGES) {
                byAge.computeIfAbsent(age, a -> new LinkedHashMap<>()).putAll(outcomes(snaps, alerts, starts, age,
                        age.equals(HEADLINE) && Boolean.getBoolean("judgement.details")));
            }
            unjudged.putAll(outcomes(snaps, alerts(snaps.stream().map(JudgementEvaluationTest::unjudged).toList()),
                    starts, HEADLINE, false));
        }

        System.out.printf("-- at %d h of cascade age, the same topics graded without judgement (volume and negativity alone, as before it):%n",
                HEADLINE.toHours());
        figures(labels, unjudged, alerts(backgroundAlone.stream().map(JudgementEvaluationTest::unjudged)
                .toList()).size() / hours, true);
        System.out.printf("-- at %d h of cascade age, graded with judgement:%n", HEADLINE.toHours());
        Figures f = figures(labels, byAge.get(HEADLINE), falseAlerts.size() / hours, true);
        // a CED cascade tells one story, its source's: a title from any other post is another story's
        io.yuqing.radar.jobs.enrich.TextNormalizer normalizer = new io.yuqing.radar.jobs.enrich.TextNormalizer();
        List<String> offStory = byAge.get(HEADLINE).entrySet().stream().filter(e -> e.getValue().detected()
                        && !toldBy(e.getValue().title(), normalizer.normalize(sources.getOrDefault(e.getKey(), "")).text()))
                .map(e -> e.getKey() + " '" + e.getValue().title() + "'").toList();
        long detected = byAge.get(HEADLINE).values().stream().filter(Outcome::detected).count();
        System.out.printf("  titles told by another story than the event's: %d of %d detected %s%n", offStory.size(), detected,
                offStory);
        System.out.println("-- by cascade age (each event's posts planted up to " + HORIZON.toHours() + " h; one run, figures as of each age):");
        System.out.println("    age   detected  recall rel>=1  rel 2 at >=较大  alerted rel 0  category  median min to first alert (rel>=1)");
        Map<Duration, Figures> at = new LinkedHashMap<>();
        for (Duration age : AGES) {
            Map<String, Outcome> o = byAge.get(age);
            Figures a = figures(labels, o, falseAlerts.size() / hours, false);
            at.put(age, a);
            List<Long> minutes = labels.stream().filter(l -> l.relevance() >= 1).map(l -> o.get(l.event()))
                    .filter(x -> x != null && x.firstAlert() != null).map(x -> x.firstAlert().toMinutes()).sorted().toList();
            System.out.printf("    %3d h  %8d  %13.3f  %14.3f  %13.3f  %8.3f  %d%n", age.toHours(),
                    o.values().stream().filter(Outcome::detected).count(), a.recallRelevant, a.seriousAtYellow,
                    a.alertedIrrelevant, a.categoryAccuracy, minutes.isEmpty() ? 0 : minutes.get(minutes.size() / 2));
        }
        assertThat(f.recallRelevant).as("alert recall, relevance >= 1").isGreaterThanOrEqualTo(0.72);
        assertThat(f.seriousAtYellow).as("relevance 2 at >= 较大").isGreaterThanOrEqualTo(0.76);
        assertThat(f.alertedIrrelevant).as("alerted share of relevance 0").isLessThanOrEqualTo(0.07);
        assertThat(f.backgroundPerHour).as("alerts per hour on background alone").isLessThanOrEqualTo(0.2);
        assertThat(f.categoryAccuracy).as("category accuracy").isGreaterThanOrEqualTo(0.675);
        assertThat(offStory).as("titles told by another story").hasSizeLessThanOrEqualTo(2);
        Figures late = at.get(HORIZON);
        assertThat(late.recallRelevant).as("alert recall, relevance >= 1, at " + HORIZON).isGreaterThanOrEqualTo(0.77);
        assertThat(late.seriousAtYellow).as("relevance 2 at >= 较大, at " + HORIZON).isGreaterThanOrEqualTo(0.82);
        assertThat(late.alertedIrrelevant).as("alerted share of relevance 0, at " + HORIZON).isLessThanOrEqualTo(0.08);
    }

    @Test
    void cascadesJudgedOnTheirOwnPosts() throws IOException {
        Optional<Path> data = TopicsEvaluationTest.sharedData();
        Assumptions.assumeTrue(data.isPresent(), "../shared/data not found: evaluation skipped");
        Path ced = data.get().resolve("ced");
        Assumptions.assumeTrue(Files.isRegularFile(ced.resolve("posts.tsv.gz")), "CED posts missing: evaluation skipped");
        Map<String, Boolean> rumour = new LinkedHashMap<>();
        Map<String, String> sources = new HashMap<>();
        java.util.Set<String> verified = verifiedSources(ced);
        for (String line : Files.readAllLines(ced.resolve("events.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 13 && !f[0].equals("event_id")) {
                rumour.put(f[0], f[1].equals("rumor"));
                sources.put(f[0], f[12]);
            }
        }
        Map<String, List<Row>> cascades = rows(ced, rumour.keySet());
        Map<String, Label> labelled = new HashMap<>();
        labels(ced.resolve("labels.tsv")).forEach(l -> labelled.put(l.event(), l));
        int categoryCorrect = 0;
        // -Djudgement.features=FILE writes each cascade's rumour features, to refit the score's weights
        String featureFile = System.getProperty("judgement.features");
        List<String> features = featureFile == null ? null : new ArrayList<>();
        JudgementLexicon lexicon = JudgementLexicon.shipped();
        io.yuqing.radar.jobs.enrich.TextAnalyzer analyzer = new io.yuqing.radar.jobs.enrich.TextAnalyzer();
        io.yuqing.radar.jobs.enrich.TextNormalizer normalizer = new io.yuqing.radar.jobs.enrich.TextNormalizer();
        double threshold = rules.judgement().rumorThreshold();
        Map<Duration, double[]> at = new LinkedHashMap<>();
        for (Duration age : List.of(Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(3))) {
            at.put(age, new double[4]); // tp, fp, tn, fn
        }
        for (Map.Entry<String, List<Row>> e : cascades.entrySet()) {
            List<Row> rows = e.getValue();
            Instant source = rows.stream().filter(r -> r.kind().equals("original")).map(Row::at)
                    .min(Comparator.naturalOrder()).orElse(null);
            if (source == null) {
                continue;
            }
            String sourceText = normalizer.normalize(sources.getOrDefault(e.getKey(), "")).text();
            List<String> sourceTerms = analyzer.analyze(sourceText).terms();
            for (Map.Entry<Duration, double[]> a : at.entrySet()) {
                Instant until = source.plus(a.getKey());
                List<Row> seen = rows.stream().filter(r -> !r.at().isBefore(source) && !r.at().isAfter(until))
                        .sorted(Comparator.comparingLong(r -> Hashing.hash(r.mid()))).limit(256).toList();
                List<PostCues> cues = new ArrayList<>();
                for (Row r : seen) {
                    boolean repost = r.kind().equals("repost");
                    String text = repost ? normalizer.normalize(r.text()).text() : sourceText;
                    // the source account's verification is known (events.tsv), a reposter's is not
                    Author author = new Author(r.uid(), null, null, !repost && verified.contains(e.getKey()));
                    cues.add(PostCues.of(new EnrichedPost(r.mid(), Platform.WEIBO, text, null, r.at(), author, null, 0, 0, 0,
                            repost ? e.getKey() : null, null, "zh", sourceTerms, List.of(), null, null, null, null, null,
                            null, null, null, r.at(), null, null, null, null, null, null, repost ? sourceText : null),
                            lexicon));
                }
                JudgementTally tally = JudgementTally.of(cues, lexicon);
                TopicJudge.Judgement j = TopicJudge.judge(tally, cues, lexicon);
                if (features != null) {
                    features.add(e.getKey() + "\t" + rumour.get(e.getKey()) + "\t" + a.getKey().toMinutes() + "\t"
                            + java.util.Arrays.stream(TopicJudge.rumorFeatures(tally)).mapToObj(Double::toString)
                            .collect(java.util.stream.Collectors.joining("\t")));
                }
                double score = j.rumorScore();
                Label label = labelled.get(e.getKey());
                if (a.getKey().equals(Duration.ofHours(1)) && label != null && label.category() == j.category()) {
                    categoryCorrect++;
                }
                boolean predicted = score >= threshold;
                boolean truth = rumour.get(e.getKey());
                a.getValue()[predicted ? (truth ? 0 : 1) : (truth ? 3 : 2)]++;
            }
        }
        System.out.printf("credibility (疑似不实), %d CED events, rumour score >= %.2f:%n", cascades.size(), threshold);
        Map<Duration, Double> accuracy = new LinkedHashMap<>();
        at.forEach((age, c) -> {
            double acc = (c[0] + c[2]) / (c[0] + c[1] + c[2] + c[3]);
            double f1 = 2 * c[0] / Math.max(1, 2 * c[0] + c[1] + c[3]);
            accuracy.put(age, acc);
            System.out.printf("  at %-5s accuracy %.3f  F1 %.3f  (tp %d fp %d tn %d fn %d)%n", age.toMinutes() + " min",
                    acc, f1, (long) c[0], (long) c[1], (long) c[2], (long) c[3]);
        });
        if (features != null) {
            Files.write(Path.of(featureFile), features, StandardCharsets.UTF_8);
        }
        double categoryAccuracy = (double) categoryCorrect / labelled.size();
        System.out.printf("category of the %d labelled events judged on their own first hour: accuracy %.3f%n",
                labelled.size(), categoryAccuracy);
        assertThat(accuracy.get(Duration.ofHours(1))).as("rumour accuracy at 1 h").isGreaterThanOrEqualTo(0.77);
    }

    /** Whether {@code title} comes from {@code source}: four letters or digits of it in a row are there. */
    static boolean toldBy(String title, String source) {
        String t = TopicTracker.lettersAndDigits(title == null ? "" : title);
        String s = TopicTracker.lettersAndDigits(source);
        for (int i = 0; i + 4 <= t.length(); i++) {
            if (s.contains(t.substring(i, i + 4))) {
                return true;
            }
        }
        return false;
    }

    /** When the {@code i}-th event of a batch starts, after {@link #T0}: past the warm-up, one every {@link #SPACING_MINUTES}. */
    static Duration slot(int i) {
        return Duration.ofMinutes(40 + (long) SPACING_MINUTES * i);
    }

    /** What became of one labelled event by some cascade age; {@code firstAlert} is from its start. */
    record Outcome(boolean detected, RiskLevel level, Category category, Duration firstAlert, String title) {
        static final Outcome MISSED = new Outcome(false, null, null, null, null);
    }

    record Figures(double recallRelevant, double seriousAtYellow, double alertedIrrelevant, double backgroundPerHour,
                   double categoryAccuracy) {}

    /** The figures of these outcomes; printed in full when {@code print}. */
    private Figures figures(List<Label> labels, Map<String, Outcome> outcomes, double backgroundPerHour, boolean print) {
        int relevant = 0, relevantAlerted = 0, serious = 0, seriousYellow = 0, irrelevant = 0, irrelevantAlerted = 0;
        int detected = 0, correct = 0, relevantDetected = 0, relevantDetectedAlerted = 0;
        Map<Category, int[]> perCategory = new EnumMap<>(Category.class); // labelled, predicted, correct
        Map<Integer, int[]> byLevel = new LinkedHashMap<>();
        for (Label l : labels) {
            Outcome o = outcomes.getOrDefault(l.event(), Outcome.MISSED);
            detected += o.detected() ? 1 : 0;
            boolean alerted = o.level() != null;
            if (l.relevance() >= 1) {
                relevant++;
                relevantAlerted += alerted ? 1 : 0;
                relevantDetected += o.detected() ? 1 : 0;
                relevantDetectedAlerted += o.detected() && alerted ? 1 : 0;
            } else {
                irrelevant++;
                irrelevantAlerted += alerted ? 1 : 0;
            }
            if (l.relevance() == 2) {
                serious++;
                seriousYellow += alerted && o.level().compareTo(RiskLevel.YELLOW) >= 0 ? 1 : 0;
            }
            int[] lv = byLevel.computeIfAbsent(l.relevance(), x -> new int[5]);
            lv[alerted ? o.level().ordinal() + 1 : 0]++;
            perCategory.computeIfAbsent(l.category(), x -> new int[3])[0]++;
            if (o.category() != null) {
                perCategory.computeIfAbsent(o.category(), x -> new int[3])[1]++;
            }
            if (l.category() == o.category()) {
                correct++;
                perCategory.get(l.category())[2]++;
            }
            if (print && Boolean.getBoolean("judgement.details") && (l.category() != o.category() || alerted != l.relevance() >= 1)) {
                System.out.printf("    wrong %s: labelled %s/%d (%s), %d posts → %s %s %s%n", l.event(), l.category().json(),
                        l.relevance(), l.reason(), plantedPosts.getOrDefault(l.event(), 0),
                        o.detected() ? "topic" : "no topic", o.category() == null ? "-" : o.category().json(), o.level());
            }
        }
        // CED holds some stories more than once (one labelled reason, several event ids): when two of
        // them share a batch, one topic tells the story and the other event counts as missed
        Map<String, Boolean> storyDetected = new HashMap<>();
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            storyDetected.merge(i / BATCH + "\u0001" + l.reason(),
                    outcomes.getOrDefault(l.event(), Outcome.MISSED).detected(), Boolean::logicalOr);
        }
        int relevantMissed = 0, secondRecords = 0;
        for (int i = 0; i < labels.size(); i++) {
            Label l = labels.get(i);
            if (l.relevance() >= 1 && !outcomes.getOrDefault(l.event(), Outcome.MISSED).detected()) {
                relevantMissed++;
                secondRecords += storyDetected.get(i / BATCH + "\u0001" + l.reason()) ? 1 : 0;
            }
        }
        Figures f = new Figures((double) relevantAlerted / relevant, (double) seriousYellow / serious,
                (double) irrelevantAlerted / irrelevant, backgroundPerHour, (double) correct / labels.size());
        if (!print) {
            return f;
        }
        System.out.printf("judgement, %d labelled CED events over real background (%d batches of %d, one every %d min, %d min each):%n",
                labels.size(), (labels.size() + BATCH - 1) / BATCH, BATCH, SPACING_MINUTES, SPAN.toMinutes());
        System.out.printf("  detected as topics %d/%d%n", detected, labels.size());
        System.out.printf("  alert recall, relevance >= 1: %.3f (%d/%d)   relevance 2 at >= 较大: %.3f (%d/%d)%n",
                f.recallRelevant, relevantAlerted, relevant, f.seriousAtYellow, seriousYellow, serious);
        System.out.printf("  of the relevance >= 1 events that became topics, alerted: %.3f (%d/%d)%n",
                (double) relevantDetectedAlerted / Math.max(1, relevantDetected), relevantDetectedAlerted, relevantDetected);
        System.out.printf("  relevance >= 1 events never a topic of their own: %d, of which %d are a second CED record of a story"
                + " another event of their batch became a topic for (same labelled reason)%n", relevantMissed, secondRecords);
        System.out.printf("  alerted share of relevance 0: %.3f (%d/%d)   alerts on background alone: %.2f per hour%n",
                f.alertedIrrelevant, irrelevantAlerted, irrelevant, backgroundPerHour);
        System.out.println("  highest level per relevance (none / 一般 / 较大 / 重大 / 特别重大):");
        byLevel.forEach((r, lv) -> System.out.printf("    relevance %d: %d / %d / %d / %d / %d%n", r, lv[0], lv[1], lv[2], lv[3], lv[4]));
        System.out.printf("  category accuracy %.3f (%d/%d; an undetected event counts as wrong), %.3f of the %d detected%n",
                f.categoryAccuracy, correct, labels.size(), (double) correct / Math.max(1, detected), detected);
        System.out.println("    category          labelled  predicted  correct  recall  precision");
        perCategory.forEach((c, n) -> System.out.printf("    %-17s %8d %10d %8d %7.2f %10.2f%n", c.json(), n[0], n[1], n[2],
                n[0] == 0 ? 0 : (double) n[2] / n[0], n[1] == 0 ? 0 : (double) n[2] / n[1]));
        return f;
    }

    /**
     * Per planted event, as of {@code age} after its start: whether a topic of it was found by then,
     * its highest alert level and its category then, and when its first alert came.
     */
    private static Map<String, Outcome> outcomes(List<TopicSnapshot> snaps, List<Alert> alerts, Map<String, Instant> starts,
                                                 Duration age, boolean details) {
        Map<String, List<TopicSnapshot>> byTopic = new LinkedHashMap<>();
        snaps.forEach(s -> byTopic.computeIfAbsent(s.topicId(), k -> new ArrayList<>()).add(s));
        Map<String, String> topicEvent = new HashMap<>();
        byTopic.forEach((id, ss) -> topicEvent.put(id, TopicsEvaluationTest.majoritySource(ss)));
        Map<String, Outcome> out = new LinkedHashMap<>();
        for (Map.Entry<String, Instant> start : starts.entrySet()) {
            String ev = start.getKey();
            Instant until = start.getValue().plus(age);
            Map<String, List<TopicSnapshot>> seen = new LinkedHashMap<>(); // the event's topics, snapshots up to its age
            topicEvent.forEach((id, e) -> {
                List<TopicSnapshot> upTo = byTopic.get(id).stream().filter(s -> !s.windowEnd().isAfter(until)).toList();
                if (e.equals(ev) && !upTo.isEmpty()) {
                    seen.put(id, upTo);
                }
            });
            if (seen.isEmpty()) {
                if (details) { // where an undetected event's posts went, if anywhere
                    Map<String, Integer> in = new HashMap<>();
                    byTopic.forEach((id, ss) -> ss.forEach(s -> s.samplePosts().stream()
                            .filter(p -> p.id().startsWith("ev" + ev + "-")).forEach(p -> in.merge(id, 1, Integer::sum))));
                    System.out.printf("    missed %s: %s%n", ev, in.entrySet().stream().map(e -> topicEvent.get(e.getKey())
                            + "×" + e.getValue() + " '" + byTopic.get(e.getKey()).get(0).title() + "' "
                            + byTopic.get(e.getKey()).get(byTopic.get(e.getKey()).size() - 1).keywords()).toList());
                }
                continue;
            }
            String largest = seen.keySet().stream().max(Comparator.comparingLong(
                    id -> seen.get(id).stream().mapToLong(TopicSnapshot::postCount).sum())).orElseThrow();
            // its latest snapshot while live: what the topic was judged and titled by then
            Optional<TopicSnapshot> latest = seen.get(largest).stream().filter(s -> s.lifecycle() != Lifecycle.ENDED)
                    .reduce((a, b) -> b);
            List<Alert> raised = alerts.stream().filter(a -> seen.containsKey(a.topicId()) && !a.windowEnd().isAfter(until))
                    .toList();
            RiskLevel level = raised.stream().map(Alert::level).max(Comparator.naturalOrder()).orElse(null);
            Duration firstAlert = raised.stream().map(a -> Duration.between(start.getValue(), a.windowEnd()))
                    .min(Comparator.naturalOrder()).orElse(null);
            out.put(ev, new Outcome(true, level, latest.map(TopicSnapshot::category).orElse(null), firstAlert,
                    latest.map(TopicSnapshot::title).orElse(null)));
            if (details) { // -Djudgement.details=true: one line per event
                TopicSnapshot last = latest.orElse(seen.get(largest).get(0));
                System.out.printf("    event %s → %s %.2f %s rumour %.2f negative %.2f signals %s level %s %s | %s%n", ev,
                        last.category(), last.categoryConfidence(), last.categoryEvidence(), last.rumorScore(),
                        last.negativeRatio(), last.signals(), level, raised.stream()
                                .max(Comparator.comparing(Alert::level)).map(a -> a.reasons().stream()
                                        .map(r -> r.rule()).toList().toString()).orElse(""), last.title());
            }
        }
        return out;
    }

    private static TopicSnapshot unjudged(TopicSnapshot s) {
        return s.withJudgement(null, null, null, null, null);
    }

    private static List<TopicSnapshot> simulate(List<EnrichedPost> posts, TopicsParams params) {
        TopicsSimulator sim = new TopicsSimulator(params, Duration.ofMinutes(10), Duration.ofMinutes(1));
        posts.forEach(sim::add);
        return sim.finish();
    }

    /** The alerts job's decisions on these snapshots, topic by topic in event time. */
    private List<Alert> alerts(List<TopicSnapshot> snaps) {
        Map<String, TopicAlertState> state = new HashMap<>();
        List<Alert> out = new ArrayList<>();
        for (TopicSnapshot s : snaps) {
            ReportSequencer.Step step = ReportSequencer.step(state.get(s.topicId()), s, rules, s.windowEnd());
            if (step.state() == null) {
                state.remove(s.topicId());
            } else {
                state.put(s.topicId(), step.state());
            }
            step.report().ifPresent(out::add);
        }
        return out;
    }

    /** An event's cascade from {@code start}: the source and its reposts, as a platform delivers them. */
    private List<EnrichedPost> cascade(String event, List<Row> rows, String source, Instant start) {
        Instant s0 = rows.stream().filter(r -> r.kind().equals("original")).map(Row::at)
                .min(Comparator.naturalOrder()).orElse(null);
        List<EnrichedPost> out = new ArrayList<>();
        if (s0 == null) {
            return out;
        }
        for (Row r : rows.stream().sorted(Comparator.comparing(Row::at)).toList()) {
            Duration since = Duration.between(s0, r.at());
            if (since.isNegative() || since.compareTo(HORIZON) > 0 || out.size() >= MAX_EVENT_POSTS) {
                continue;
            }
            boolean repost = r.kind().equals("repost");
            out.add(post("ev" + event + "-" + r.mid(), start.plus(since), "ced-" + r.uid(), !repost && verified.contains(event),
                    repost ? "ced" + event : null, repost ? r.text() : source, repost ? source : null));
        }
        return out;
    }

    private List<EnrichedPost> background(Path file) throws IOException {
        List<EnrichedPost> out = new ArrayList<>();
        for (int k = 0; BACKGROUND_STRETCH.multipliedBy(k).compareTo(SPAN) < 0; k++) {
            String copy = k == 0 ? "" : "-" + k;
            Instant from = T0.plus(BACKGROUND_STRETCH.multipliedBy(k));
            TopicsEvaluationTest.background(file, 2027 + k, BACKGROUND_STRETCH, from,
                    (id, at, author, text) -> post(id + copy, at, author, false, null, text, null)).stream()
                    .filter(p -> p.createdAt().isBefore(T0.plus(SPAN))).forEach(out::add);
        }
        return out;
    }

    /** A post through the real enrichment; the analysis of a text is computed once and re-stamped. */
    private EnrichedPost post(String id, Instant at, String author, boolean verified, String repostOf, String text,
                              String repostText) {
        String key = (text == null ? "" : text) + "\u0001" + (repostText == null ? "" : repostText);
        EnrichedPost a = enriched.computeIfAbsent(key, k -> {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("id", "x").put("platform", "weibo").put("created_at", at.toString()).put("text", text == null ? "" : text);
            if (repostOf != null) {
                o.put("repost_of", repostOf);
            }
            if (repostText != null) {
                o.put("repost_text", repostText);
            }
            EnrichOutcome outcome = enricher.enrich(Json.toBytes(o), at);
            return outcome instanceof EnrichOutcome.Enriched e ? e.post() : null;
        });
        if (a == null) {
            return new EnrichedPost(id, Platform.WEIBO, "", null, at, new Author(author, null, null, verified), null, 0, 0,
                    0, repostOf, null, "zh", List.of(), List.of(), null, null, null, null, null, null, null, null, at);
        }
        return new EnrichedPost(id, a.platform(), a.text(), a.title(), at, new Author(author, null, null, verified), null, 0,
                0, 0, repostOf, a.region(), a.lang(), a.terms(), a.keywords(), a.hashtags(), a.mentions(), a.urls(),
                a.entities(), a.sentiment(), a.sentimentScore(), null, null, at, a.province(), a.city(), a.emojis(),
                a.phrases(), a.emotion(), a.sentimentModel(), a.repostText());
    }

    /** The CED events whose source post is by a verified account (events.tsv, column verified). */
    static java.util.Set<String> verifiedSources(Path ced) throws IOException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (String line : Files.readAllLines(ced.resolve("events.tsv"), StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 13 && f[10].equals("True")) {
                out.add(f[0]);
            }
        }
        return out;
    }

    static List<Label> labels(Path file) throws IOException {
        List<Label> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.split("\t", -1);
            if (f.length >= 3 && !f[0].equals("event_id")) {
                out.add(new Label(f[0], Category.of(f[1]), Integer.parseInt(f[2].strip()), f.length > 3 ? f[3] : ""));
            }
        }
        return out;
    }

    /** The timed posts of {@code events} (posts.tsv.gz: event_id label kind mid parent uid time_cst text). */
    static Map<String, List<Row>> rows(Path ced, java.util.Set<String> events) throws IOException {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(ced.resolve("posts.tsv.gz"))), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int tab = line.indexOf('\t');
                if (tab <= 0 || !events.contains(line.substring(0, tab))) {
                    continue;
                }
                String[] f = line.split("\t", -1);
                Instant t = f.length >= 8 ? TopicsEvaluationTest.parseTime(f[6]) : null;
                if (t != null) {
                    out.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new Row(f[2], f[3], f[5], t, f[7]));
                }
            }
        }
        return out;
    }
}
