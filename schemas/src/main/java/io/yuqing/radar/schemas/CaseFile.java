package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * A case file (一情一档): one per alerted topic, with everything the work plans ask of a report on it
 * (event, time, place, source, level, category, spread, responsible unit, deadlines and status,
 * official response, result) and its full timeline. Written by the cases job after every change to
 * HBase {@code cases} (row = case id) and Elasticsearch {@code cases-*} (document id = case id).
 *
 * @param title      the event (事件), the topic's title at its latest report
 * @param openedAt   the 首报's detection time: the deadlines count from it
 * @param regions    place (地点), as the latest report has them
 * @param sources    出处: sample posts of the reports (id, link, excerpt), at most 5
 * @param unit       the responsible unit (责任单位) once assigned
 * @param response   the latest official statement (官方回应)
 * @param rebuttal   the 辟谣 when the story was verified false
 * @param overdue    a deadline of the current cycle is missed and not yet met
 * @param organizations organisations involved (涉事单位/机构) as the topic's posts name them, most named first
 * @param assessment the latest assessment (研判意见) recorded on the case
 * @param measures   the measures taken (处置措施), in the order recorded
 * @param review     the review (复盘) recorded after handling
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseFile(
        String caseId,
        String topicId,
        String title,
        CaseStatus status,
        CaseKind kind,
        int cycle,
        RiskLevel level,
        RiskLevel peakLevel,
        Category category,
        Double rumorScore,
        List<String> keywords,
        List<String> regions,
        List<String> platforms,
        List<SamplePost> sources,
        long postCount,
        long authorCount,
        double negativeRatio,
        double heat,
        int alertCount,
        int lastReportSeq,
        Instant firstSeenAt,
        Instant openedAt,
        String unit,
        Instant acknowledgedAt,
        Instant respondedAt,
        OfficialResponse response,
        OfficialResponse rebuttal,
        Instant closedAt,
        String result,
        int reopenCount,
        List<CaseDeadline> deadlines,
        boolean overdue,
        List<CaseEntry> timeline,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> organizations,
        String assessment,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> measures,
        String review) {

    /** A file without organisations, assessment, measures and review (files written before they existed). */
    public CaseFile(String caseId, String topicId, String title, CaseStatus status, CaseKind kind, int cycle,
                    RiskLevel level, RiskLevel peakLevel, Category category, Double rumorScore, List<String> keywords,
                    List<String> regions, List<String> platforms, List<SamplePost> sources, long postCount,
                    long authorCount, double negativeRatio, double heat, int alertCount, int lastReportSeq,
                    Instant firstSeenAt, Instant openedAt, String unit, Instant acknowledgedAt, Instant respondedAt,
                    OfficialResponse response, OfficialResponse rebuttal, Instant closedAt, String result,
                    int reopenCount, List<CaseDeadline> deadlines, boolean overdue, List<CaseEntry> timeline,
                    Instant updatedAt) {
        this(caseId, topicId, title, status, kind, cycle, level, peakLevel, category, rumorScore, keywords, regions,
                platforms, sources, postCount, authorCount, negativeRatio, heat, alertCount, lastReportSeq, firstSeenAt,
                openedAt, unit, acknowledgedAt, respondedAt, response, rebuttal, closedAt, result, reopenCount,
                deadlines, overdue, timeline, updatedAt, null, null, null, null);
    }

    public CaseFile {
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        regions = regions == null ? List.of() : List.copyOf(regions);
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        sources = sources == null ? List.of() : List.copyOf(sources);
        deadlines = deadlines == null ? List.of() : List.copyOf(deadlines);
        timeline = timeline == null ? List.of() : List.copyOf(timeline);
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
        measures = measures == null ? List.of() : List.copyOf(measures);
    }

    @JsonProperty("status_cn")
    public String statusCn() {
        return status == null ? null : status.chinese();
    }

    @JsonProperty("level_cn")
    public String levelCn() {
        return level == null ? null : level.chinese();
    }

    @JsonProperty("category_cn")
    public String categoryCn() {
        return category == null ? null : category.chinese();
    }
}
