package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Hot topics over {@code topics-*}: snapshots whose window ended in the last N hours, collapsed on
 * {@code topic_id} with the newest window first (so each topic contributes its latest snapshot),
 * then filtered and ranked by heat here. At most {@link #MAX_TOPICS} topics are considered: the
 * collapse is ordered by window end, not heat, so the ranking is exact only below that many
 * active topics.
 *
 * <p>The platform, region and category filters apply to each topic's LATEST snapshot (its
 * {@code platforms}/{@code regions} count is above 0), so they run after the collapse, on the
 * snapshots themselves. Filtering in the query instead would pick, for a topic whose latest window
 * lacks the platform, an older snapshot that has it; and {@code regions} is a dynamically mapped
 * object, so the query would need the user's region as a field name. Here no input reaches the
 * query but the time bound.
 *
 * <p>The level filter is the topic's current alert level, looked up for the candidates in
 * {@code alerts-*} (one collapsed search) only when the filter is given.
 */
final class EsTopicSearch implements TopicReads.HotTopics {
    static final int MAX_TOPICS = 1000;
    static final String TOPIC_ID = "topic_id";
    static final String WINDOW_END = "window_end";

    private final ElasticsearchClient es;
    private final String indexPattern;
    private final TopicReads.CurrentLevels levels;

    EsTopicSearch(ElasticsearchClient es, String indexPattern, TopicReads.CurrentLevels levels) {
        this.es = es;
        this.indexPattern = indexPattern;
        this.levels = levels;
    }

    @Override
    public List<TopicSnapshot> hot(HotTopicsParams p) throws IOException {
        Instant since = Instant.now().minus(Duration.ofHours(p.hours()));
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(query(since))
                        .collapse(c -> c.field(TOPIC_ID))
                        .sort(o -> o.field(f -> f.field(WINDOW_END).order(SortOrder.Desc).unmappedType(FieldType.Date)))
                        .size(MAX_TOPICS),
                JsonData.class);
        List<TopicSnapshot> latest = EsQueries.sources(r, TopicSnapshot.class);
        // only a level filter needs every candidate's level; the page's own levels are looked up later
        Map<String, RiskLevel> current = p.level() == null ? Map.of()
                : levels.of(latest.stream().map(TopicSnapshot::topicId).toList());
        return rank(latest, current, p);
    }

    /**
     * Keeps the snapshots the filters accept, hottest first, at most {@code p.size()}.
     *
     * @param levels current alert level by topic id (topics never alerted are absent)
     */
    static List<TopicSnapshot> rank(List<TopicSnapshot> latest, Map<String, RiskLevel> levels, HotTopicsParams p) {
        return latest.stream()
                .filter(s -> p.platform() == null || s.platforms().getOrDefault(p.platform().json(), 0L) > 0)
                .filter(s -> p.region() == null || s.regions().getOrDefault(p.region(), 0L) > 0)
                .filter(s -> p.level() == null || p.level() == levels.get(s.topicId()))
                .filter(s -> p.category() == null || p.category() == s.category())
                .sorted(Comparator.comparingDouble(TopicSnapshot::heat).reversed())
                .limit(p.size())
                .toList();
    }

    /** Package-visible so tests can check its shape without a server. */
    static Query query(Instant since) {
        return Query.of(q -> q.bool(b -> b.filter(f -> f.range(r -> r.date(d -> d.field(WINDOW_END)
                .format("epoch_millis").gte(Long.toString(since.toEpochMilli())))))));
    }
}
