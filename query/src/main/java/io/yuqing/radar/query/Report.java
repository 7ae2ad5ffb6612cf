package io.yuqing.radar.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A daily (舆情日报) or weekly (舆情周报) report: the body of {@code GET /api/v1/reports/{kind}} and
 * what its HTML page shows. Built by {@link ReportBuilder}.
 *
 * @param alertsByLevel  alerts (首报 and 续报) in the period, per level, every level present
 * @param topicsByLevel  notable topics per highest level reached ("none" for topics only hot)
 * @param minHeat        the heat that made an un-alerted topic notable
 * @param truncated      the period held more than one report reads; the busiest are kept
 * @param complete       false for the report in progress: generated before its period ended
 */
record Report(String kind, String title, LocalDate date, Instant periodStart, Instant periodEnd,
              Instant generatedAt, boolean complete, double minHeat, int firstReports, int followUps,
              Map<String, Integer> alertsByLevel, Map<String, Integer> topicsByLevel, boolean truncated,
              List<Item> items) {
    Report {
        // insertion order is the order a reader expects (red first), so not Map.copyOf
        alertsByLevel = Collections.unmodifiableMap(new LinkedHashMap<>(alertsByLevel));
        topicsByLevel = Collections.unmodifiableMap(new LinkedHashMap<>(topicsByLevel));
        items = List.copyOf(items);
    }

    /**
     * One notable topic: 标题 + 链接, level, counts and trend.
     *
     * @param link        the trend page's view of the topic
     * @param apiLink     the topic's detail in the API
     * @param level       highest level reached in the period, or null when the topic was only hot
     * @param alerts      its reports in the period
     * @param firstReportAt its first report in the period, or null
     * @param trend       one point per bucket of the period (1 h daily, 6 h weekly), oldest first:
     *                    the highest heat of the windows ending in it, 0 where there were none
     * @param category    what the topic concerns (领域), from its latest report or else its peak window;
     *                    null when the producers did not judge it
     * @param rumorScore  the highest rumour score its reports and windows had in the period, or null
     * @param rumorSuspected 疑似不实: {@code rumorScore} reached {@link ReportBuilder#RUMOR_SUSPECTED}
     */
    record Item(int rank, String topicId, String title, List<String> keywords, String link, String apiLink,
                RiskLevel level, String levelCn, int alerts, Instant firstReportAt, double peakHeat, long peakPosts,
                long peakAuthors, Instant peakAt, List<Double> trend, Category category, Double rumorScore,
                boolean rumorSuspected) {
        Item {
            keywords = List.copyOf(keywords);
            trend = List.copyOf(trend);
        }

        /** The category's Chinese name (领域), null without one. */
        @JsonProperty("category_cn")
        String categoryCn() {
            return category == null ? null : category.chinese();
        }
    }
}
