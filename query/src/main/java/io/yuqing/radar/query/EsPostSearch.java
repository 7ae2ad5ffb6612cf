package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.mapping.FieldType;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch.core.search.HighlighterEncoder;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.json.JsonData;
import io.yuqing.radar.schemas.EnrichedPost;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Searches the posts indices with typed query objects only. The user's text goes into a
 * {@code match} query, which analyses it into words: operators, quotes, wildcards and field
 * prefixes in it are just characters, so a search can never widen itself. (query_string and
 * simple_query_string would parse them; they are deliberately not used.)
 */
final class EsPostSearch implements PostSearch {
    static final String TEXT = "text";
    static final String PLATFORM = "platform";
    static final String CREATED_AT = "created_at";
    static final String SENTIMENT = "sentiment";
    /**
     * The matched words in a fragment. The html encoder escapes the post's own text first, so a
     * fragment is safe to insert as HTML: the only markup in it is these tags.
     */
    static final String HIGHLIGHT_PRE = "<em>";
    static final String HIGHLIGHT_POST = "</em>";

    private final ElasticsearchClient es;
    private final String indexPattern;

    EsPostSearch(ElasticsearchClient es, String indexPattern) {
        this.es = es;
        this.indexPattern = indexPattern;
    }

    @Override
    public SearchPage search(SearchParams p) throws IOException {
        SearchResponse<JsonData> r = es.search(s -> s
                        .index(indexPattern)
                        .query(query(p))
                        .sort(o -> o.field(f -> f.field(CREATED_AT).order(SortOrder.Desc)
                                // an empty index without the field must not fail the whole search
                                .unmappedType(FieldType.Date)))
                        .highlight(h -> h.encoder(HighlighterEncoder.Html)
                                .preTags(HIGHLIGHT_PRE).postTags(HIGHLIGHT_POST)
                                .fields(TEXT, f -> f.numberOfFragments(3).fragmentSize(120)))
                        .from(p.offset())
                        .size(p.size())
                        .trackTotalHits(t -> t.enabled(true)),
                JsonData.class);
        List<EnrichedPost> items = new ArrayList<>(r.hits().hits().size());
        Map<String, List<String>> highlights = new LinkedHashMap<>();
        for (Hit<JsonData> hit : r.hits().hits()) {
            if (hit.source() != null) {
                EnrichedPost post = EsQueries.decode(hit.source(), EnrichedPost.class);
                items.add(post);
                List<String> fragments = hit.highlight().get(TEXT);
                if (fragments != null && !fragments.isEmpty() && post.id() != null) {
                    highlights.put(post.id(), fragments);
                }
            }
        }
        long total = r.hits().total() == null ? items.size() : r.hits().total().value();
        return new SearchPage(total, p.page(), p.size(), items, highlights);
    }

    /** The query, package-visible so tests can check its shape without a server. */
    static Query query(SearchParams p) {
        BoolQuery.Builder b = new BoolQuery.Builder();
        // AND: every word (for Chinese, every bigram) of q must occur. Monitoring searches are
        // precise phrases like 城市积水; OR would return anything sharing one bigram.
        b.must(m -> m.match(t -> t.field(TEXT).query(p.q()).operator(Operator.And)));
        if (p.platform() != null) {
            b.filter(f -> f.term(t -> t.field(PLATFORM).value(p.platform().json())));
        }
        if (p.sentiment() != null) {
            b.filter(f -> f.term(t -> t.field(SENTIMENT).value(p.sentiment().json())));
        }
        EsQueries.timeRange(b, CREATED_AT, p.from(), p.to());
        return b.build()._toQuery();
    }
}
