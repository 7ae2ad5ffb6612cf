package io.yuqing.radar.jobs.topics;

/**
 * The heat index (热度) of a topic in one window:
 *
 * <pre>
 * heat = 10 · ( ln(1 + P) + 0.6 · ln(1 + A) + 0.4 · ln(1 + E) ) · S · (1 + 0.25 · clamp(v, 0, 2))
 *   P = posts in the window (volume)
 *   A = distinct authors in the window (breadth)
 *   E = engagement: Σ (2 · reposts + comments + 0.2 · likes) over the window's posts
 *   S = source weight: 1 + 0.5 · share of posts by verified accounts (incl. official media)
 *                        + 0.3 · share of news-platform posts
 *   v = velocity: (P - P_prev) / max(P_prev, 1), growth against the previous window
 * </pre>
 *
 * Logarithms keep one viral post from dominating; the velocity bonus is at most +50 %, so a
 * fast-growing topic outranks an equally large steady one. An empty window has heat 0.
 */
public final class TopicHeat {
    private TopicHeat() {}

    public static double heat(long posts, long authors, double engagement, double verifiedShare, double newsShare,
                              double velocity) {
        if (posts <= 0) {
            return 0;
        }
        double volume = Math.log1p(posts) + 0.6 * Math.log1p(authors) + 0.4 * Math.log1p(Math.max(engagement, 0));
        double source = 1 + 0.5 * verifiedShare + 0.3 * newsShare;
        double speed = 1 + 0.25 * Math.max(0, Math.min(velocity, 2));
        return Math.round(10 * volume * source * speed * 100) / 100.0;
    }
}
