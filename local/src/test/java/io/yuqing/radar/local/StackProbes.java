package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;
import io.yuqing.radar.schemas.PostsIndex;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.filter.FirstKeyOnlyFilter;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** What the stack tests feed in and count out, one way for all of them. */
final class StackProbes {
    private StackProbes() {}

    /**
     * The first {@code n} distinct posts of {@code feed} that the contract accepts (id, platform,
     * a {@code created_at} already past, text or a repost) and that {@code also} keeps, by id.
     */
    static Map<String, byte[]> validPosts(PostFeed feed, int n, Predicate<Post> also) {
        Instant now = Instant.now();
        Map<String, byte[]> out = new LinkedHashMap<>();
        while (feed.hasNext() && out.size() < n) {
            FeedRecord r = feed.next();
            Post p;
            try {
                p = Json.fromBytes(r.value(), Post.class);
            } catch (RuntimeException notAPost) {
                continue;
            }
            if (acceptable(p, now) && also.test(p)) {
                out.putIfAbsent(p.id(), r.value());
            }
        }
        assertThat(out).hasSize(n);
        return out;
    }

    /** What the contract accepts: id, platform, a {@code created_at} before {@code now}, text or a repost. */
    static boolean acceptable(Post p, Instant now) {
        boolean hasContent = (p.text() != null && !p.text().isBlank()) || p.repostOf() != null;
        return p.id() != null && p.platform() != null && p.createdAt() != null && p.createdAt().isBefore(now) && hasContent;
    }

    /** Rows in the posts table, or -1 while HBase does not answer. */
    static long hbaseRows(LocalStack stack) {
        try (Table table = stack.hbase().getTable(TableName.valueOf(stack.enrichConfig().hbase().table()));
             ResultScanner s = table.getScanner(new Scan().setFilter(new FirstKeyOnlyFilter()).setCaching(5000))) {
            long n = 0;
            for (Result ignored : s) {
                n++;
            }
            return n;
        } catch (Exception e) {
            return -1;
        }
    }

    /** Searchable post documents (after a refresh), or -1 while Elasticsearch does not answer. */
    static long esCount(LocalStack stack) {
        String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
        try {
            stack.elasticsearch().indices().refresh(r -> r.index(pattern));
            return stack.elasticsearch().count(c -> c.index(pattern)).count();
        } catch (Exception e) {
            return -1;
        }
    }
}
