package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * What every generated post needs besides its words: a unique id, a platform from a realistic
 * mix, heavy-tailed engagement that grows with the author's reach, a url and, for articles, a
 * title.
 */
final class PostFactory {
    private static final Platform[] MIX = {
            Platform.WEIBO, Platform.DOUYIN, Platform.WECHAT, Platform.FORUM, Platform.NEWS};
    private static final double[] MIX_WEIGHTS = Draw.cumulative(0.55, 0.15, 0.12, 0.10, 0.08);
    private static final int TITLE_MAX = 28;

    private final SplittableRandom rng;
    private final String runTag;
    private long seq;

    /** @param runTag part of every id, so runs started at different times never share ids */
    PostFactory(SplittableRandom rng, String runTag) {
        this.rng = rng;
        this.runTag = runTag;
    }

    Platform anyPlatform() {
        return MIX[Draw.weighted(rng, MIX_WEIGHTS)];
    }

    String newId(Platform platform) {
        return prefix(platform) + runTag + "-" + Long.toString(++seq, 36);
    }

    /**
     * A post with engagement drawn for the author; {@code boost} ≥ 1 lifts posts riding a hot
     * event.
     */
    Post build(String id, Platform platform, String text, Instant createdAt, Author author,
               String repostOf, String repostText, String region, double boost) {
        double reach = Math.pow(Math.max(1.0, author.followers() / 1000.0), 0.6) * boost;
        long likes = (long) ((Draw.pareto(rng, 1, 1.3) - 1) * reach);
        long comments = (long) (likes * (0.05 + 0.35 * rng.nextDouble()));
        long reposts = (long) (likes * (0.02 + 0.5 * rng.nextDouble()));
        String title = platform == Platform.NEWS || platform == Platform.WECHAT ? title(text) : null;
        String url = "https://" + platform.json() + ".example.cn/" + author.id() + "/" + id;
        return new Post(id, platform, text, createdAt, author, url, reposts, comments, likes,
                repostOf, repostText, region, title, "zh", null);
    }

    /** An article's headline: its first clause, without hashtags. */
    static String title(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        StringBuilder t = new StringBuilder(TITLE_MAX);
        boolean inTag = false;
        for (int i = 0; i < text.length() && t.length() < TITLE_MAX; i++) {
            char c = text.charAt(i);
            if (c == '#') {
                inTag = !inTag;
            } else if (!inTag) {
                if ((c == '，' || c == '。' || c == '！' || c == '？') && t.length() >= 6) {
                    break;
                }
                t.append(c);
            }
        }
        String s = t.toString().strip();
        return s.isEmpty() ? null : s;
    }

    private static String prefix(Platform p) {
        return switch (p) {
            case WEIBO -> "wb";
            case WECHAT -> "wx";
            case NEWS -> "nw";
            case FORUM -> "bbs";
            case DOUYIN -> "dy";
            case OTHER -> "ot";
        };
    }
}
