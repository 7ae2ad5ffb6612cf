package io.yuqing.radar.query;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link Report} from a period's topic summaries and alerts. Pure: the JSON and the HTML
 * page are both this one model, so they can never disagree.
 *
 * <p>Notable: every topic with an alert in the period, and every topic whose heat reached the
 * threshold. Alerted topics come first, highest level first, then by peak heat: a red topic
 * with modest heat matters more to dispatch than a loud harmless one.
 */
final class ReportBuilder {
    /** More would not be read; the HTML page stays printable. */
    static final int MAX_ITEMS = 100;
    static final String NO_LEVEL = "none";
    /**
     * A rumour score at or above this is marked 疑似不实: the shipped alert rules'
     * {@code judgement.rumor-threshold}, so a report marks what the alerts job calls rumor_suspected
     * unless an operator moves their threshold.
     */
    static final double RUMOR_SUSPECTED = 0.5;

    private ReportBuilder() {}

    static Report build(ReportPeriod period, ReportInputs in, double minHeat, Instant generatedAt) {
        Map<String, List<Alert>> alertsByTopic = new LinkedHashMap<>();
        Map<String, Integer> alertsByLevel = new LinkedHashMap<>();
        for (int i = RiskLevel.values().length - 1; i >= 0; i--) {
            alertsByLevel.put(RiskLevel.values()[i].json(), 0);
        }
        int first = 0;
        for (Alert a : in.alerts()) {
            if (a.topicId() == null || a.detectedAt() == null
                    || a.detectedAt().isBefore(period.start()) || !a.detectedAt().isBefore(period.end())) {
                continue;
            }
            alertsByTopic.computeIfAbsent(a.topicId(), k -> new ArrayList<>()).add(a);
            if (a.level() != null) {
                alertsByLevel.merge(a.level().json(), 1, Integer::sum);
            }
            first += a.reportSeq() == 1 ? 1 : 0;
        }
        int alertCount = alertsByTopic.values().stream().mapToInt(List::size).sum();

        Map<String, ReportInputs.TopicSummary> summaries = new LinkedHashMap<>();
        in.topics().forEach(t -> summaries.put(t.topicId(), t));
        List<String> ids = new ArrayList<>(alertsByTopic.keySet());
        summaries.values().stream()
                .filter(t -> t.peakHeat() >= minHeat && !alertsByTopic.containsKey(t.topicId()))
                .forEach(t -> ids.add(t.topicId()));

        List<Report.Item> items = new ArrayList<>();
        for (String id : ids) {
            items.add(item(period, id, summaries.get(id), alertsByTopic.getOrDefault(id, List.of())));
        }
        items.sort(Comparator.<Report.Item>comparingInt(i -> i.level() == null ? -1 : i.level().ordinal()).reversed()
                .thenComparing(Comparator.comparingDouble(Report.Item::peakHeat).reversed())
                .thenComparing(Report.Item::topicId));
        boolean truncated = in.truncated() || items.size() > MAX_ITEMS;
        List<Report.Item> ranked = new ArrayList<>();
        for (int i = 0; i < Math.min(items.size(), MAX_ITEMS); i++) {
            Report.Item x = items.get(i);
            ranked.add(new Report.Item(i + 1, x.topicId(), x.title(), x.keywords(), x.link(), x.apiLink(), x.level(),
                    x.levelCn(), x.alerts(), x.firstReportAt(), x.peakHeat(), x.peakPosts(), x.peakAuthors(),
                    x.peakAt(), x.trend(), x.category(), x.rumorScore(), x.rumorSuspected()));
        }

        Map<String, Integer> topicsByLevel = new LinkedHashMap<>();
        for (int i = RiskLevel.values().length - 1; i >= 0; i--) {
            topicsByLevel.put(RiskLevel.values()[i].json(), 0);
        }
        topicsByLevel.put(NO_LEVEL, 0);
        ranked.forEach(i -> topicsByLevel.merge(i.level() == null ? NO_LEVEL : i.level().json(), 1, Integer::sum));

        return new Report(period.kind().json(), period.kind().chinese(), period.date(), period.start(), period.end(),
                generatedAt, !generatedAt.isBefore(period.end()), minHeat, first, alertCount - first, alertsByLevel, topicsByLevel, truncated, ranked);
    }

    private static Report.Item item(ReportPeriod period, String id, ReportInputs.TopicSummary s, List<Alert> alerts) {
        Alert highest = alerts.stream().filter(a -> a.level() != null)
                .max(Comparator.comparingInt((Alert a) -> a.level().ordinal()).thenComparing(Alert::detectedAt))
                .orElse(null);
        Alert latest = alerts.stream().max(Comparator.comparing(Alert::detectedAt)).orElse(null);
        Instant firstReport = alerts.stream().map(Alert::detectedAt).min(Comparator.naturalOrder()).orElse(null);

        // an alert's title is written for dispatch; a window's may be bare keywords
        String title = latest != null && latest.title() != null && !latest.title().isBlank() ? latest.title()
                : s != null ? s.title() : null;
        List<String> keywords = s != null ? s.keywords() : latest != null ? latest.keywords() : List.of();
        double peakHeat = s != null ? s.peakHeat() : 0;
        long peakPosts = s != null ? s.peakPosts() : 0;
        long peakAuthors = s != null ? s.peakAuthors() : 0;
        Instant peakAt = s != null ? s.peakAt() : null;
        // an alert carries the counts of the window it was raised on; the summary may have missed it
        for (Alert a : alerts) {
            if (a.heat() > peakHeat) {
                peakHeat = a.heat();
                peakAt = a.windowEnd();
            }
            peakPosts = Math.max(peakPosts, a.postCount());
            peakAuthors = Math.max(peakAuthors, a.authorCount());
        }
        // the latest report is the job's current judgement; a topic only hot has its peak window's
        Category category = latest != null && latest.category() != null ? latest.category()
                : s != null ? s.category() : null;
        // 疑似不实 asks for verification: once any report or window of the period read so, the report says it
        Double rumor = s != null ? s.rumorScore() : null;
        for (Alert a : alerts) {
            if (a.rumorScore() != null && (rumor == null || a.rumorScore() > rumor)) {
                rumor = a.rumorScore();
            }
        }
        String enc = URLEncoder.encode(id, StandardCharsets.UTF_8);
        return new Report.Item(0, id, title == null || title.isBlank() ? String.join(" ", keywords) : title, keywords,
                "/ui/#topic=" + enc, "/api/v1/topics/" + enc, highest == null ? null : highest.level(),
                highest == null ? null : highest.level().chinese(), alerts.size(), firstReport, peakHeat, peakPosts,
                peakAuthors, peakAt, trend(period, s), category, rumor, rumor != null && rumor >= RUMOR_SUSPECTED);
    }

    /** The summary's sparse buckets laid on the period's full grid; a bucket without windows is 0. */
    static List<Double> trend(ReportPeriod period, ReportInputs.TopicSummary s) {
        List<Instant> grid = period.buckets();
        double[] heat = new double[grid.size()];
        if (s != null) {
            long width = period.kind().bucket().toMillis();
            for (ReportInputs.Bucket b : s.trend()) {
                long offset = b.start().toEpochMilli() - period.start().toEpochMilli();
                int i = (int) Math.floorDiv(offset, width);
                if (offset >= 0 && i < heat.length) {
                    heat[i] = Math.max(heat[i], b.heat());
                }
            }
        }
        List<Double> out = new ArrayList<>(heat.length);
        for (double h : heat) {
            out.add(h);
        }
        return out;
    }
}
