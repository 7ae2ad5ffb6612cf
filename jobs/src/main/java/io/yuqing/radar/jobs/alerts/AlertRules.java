package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.jobs.alerts.AlertRulesConfig.Tiers;
import io.yuqing.radar.jobs.alerts.AlertRulesConfig.WatchList;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The alert rules, each a pure function of one topic snapshot, the configuration and a threshold
 * {@code scale} (1 normally; the sensitive-period factor, times the hysteresis band when the
 * sequencer checks whether a topic still holds its level). A rule that fires returns the reason
 * (rule, measured value, the scaled threshold it reached) and the level it supports.
 */
public final class AlertRules {
    public static final String POST_COUNT = "post_count";
    public static final String AUTHOR_COUNT = "author_count";
    public static final String POST_BURST = "post_burst";
    public static final String AUTHOR_BURST = "author_burst";
    public static final String NEGATIVE_RATIO = "negative_ratio";
    public static final String NEGATIVE_COUNT = "negative_count";
    public static final String ANGER_RATIO = "anger_ratio";
    public static final String POSTS_PER_MINUTE = "posts_per_minute";
    public static final String PLATFORM_COUNT = "platform_count";
    public static final String REGION_COUNT = "region_count";
    public static final String NEWS_MEDIA = "news_media";
    public static final String WATCH_LIST = "watch_list";
    public static final String OFFLINE_LINKAGE = "offline_linkage";
    public static final String SENSITIVE_PERIOD = "sensitive_period";

    private AlertRules() {}

    /** A rule that fired, and the level it supports on its own. */
    public record Hit(AlertReason reason, RiskLevel supports) {
        public String rule() {
            return reason.rule();
        }
    }

    /** 声量: posts in the window; orange tier counts as fast, red tier as large. */
    public static Optional<Hit> postCount(TopicSnapshot s, AlertRulesConfig c, double scale) {
        return tiered(POST_COUNT, s.postCount(), c.volume().posts(), scale);
    }

    /** 参与账号: distinct authors in the window. */
    public static Optional<Hit> authorCount(TopicSnapshot s, AlertRulesConfig c, double scale) {
        return tiered(AUTHOR_COUNT, s.authorCount(), c.volume().authors(), scale);
    }

    /**
     * 突增 (posts): the window's posts against the topic's baseline, once the baseline has
     * {@code min-history} windows and the window at least {@code min-count} posts; value = ratio.
     * Supports orange (fast) only: a ratio says nothing of size.
     */
    public static Optional<Hit> postBurst(TopicSnapshot s, Baseline b, AlertRulesConfig c, double scale) {
        return burst(POST_BURST, s.postCount(), b.posts(), b, c, scale);
    }

    /** 突增 (distinct authors): as {@link #postBurst}, over authors. */
    public static Optional<Hit> authorBurst(TopicSnapshot s, Baseline b, AlertRulesConfig c, double scale) {
        return burst(AUTHOR_BURST, s.authorCount(), b.authors(), b, c, scale);
    }

    private static Optional<Hit> burst(String rule, long count, double base, Baseline b, AlertRulesConfig c, double scale) {
        AlertRulesConfig.Burst cfg = c.volume().burst();
        if (b.windows() < cfg.minHistory() || count < cfg.minCount() * scale) {
            return Optional.empty();
        }
        // a baseline under one post a window counts as one: a topic out of nowhere is measured against 1
        return atLeast(rule, Math.round(count / Math.max(1.0, base) * 100) / 100.0, cfg.ratio() * scale, RiskLevel.ORANGE);
    }

    /** 传播速度: posts per minute of the window. Empty when the window has no length. */
    public static Optional<Hit> postsPerMinute(TopicSnapshot s, AlertRulesConfig c, double scale) {
        if (s.windowStart() == null || s.windowEnd() == null) {
            return Optional.empty();
        }
        double minutes = Duration.between(s.windowStart(), s.windowEnd()).toMillis() / 60_000.0;
        if (minutes <= 0) {
            return Optional.empty();
        }
        return tiered(POSTS_PER_MINUTE, round(s.postCount() / minutes), c.spread().postsPerMinute(), scale);
    }

    /**
     * 负面激增: the share AND the absolute count of negative posts reach their thresholds; two
     * reasons (negative_ratio, negative_count), supporting yellow. Empty otherwise.
     */
    public static List<Hit> negativeSurge(TopicSnapshot s, AlertRulesConfig c, double scale) {
        return negativeTone(s, c, scale, c.negative().minCount());
    }

    /** The negative rule's ratio with at least {@code minCount} negative posts (both scaled). */
    public static List<Hit> negativeTone(TopicSnapshot s, AlertRulesConfig c, double scale, double minCount) {
        double ratioThreshold = c.negative().ratio() * scale;
        double countThreshold = minCount * scale;
        if (s.negativeRatio() >= ratioThreshold && s.negativeCount() >= countThreshold) {
            return List.of(new Hit(new AlertReason(NEGATIVE_RATIO, s.negativeRatio(), round(ratioThreshold)), RiskLevel.YELLOW),
                    new Hit(new AlertReason(NEGATIVE_COUNT, s.negativeCount(), round(countThreshold)), RiskLevel.YELLOW));
        }
        return List.of();
    }

    /**
     * 愤怒占比: anger is at least judgement.anger-ratio of the posts that carry an emotion, and
     * at least negative.min-count posts are angry (so 3 angry posts out of 4 are no angry public).
     * Only topics whose posts carry emotions (a trained sentiment model in the enrich job) can hit.
     */
    public static Optional<Hit> angerShare(TopicSnapshot s, AlertRulesConfig c, double scale) {
        if (s.angerRatio() == null || s.emotions() == null) {
            return Optional.empty();
        }
        double ratioThreshold = c.judgement().angerRatio() * scale;
        long angry = s.emotions().getOrDefault("anger", 0L);
        if (s.angerRatio() >= ratioThreshold && angry >= c.negative().minCount() * scale) {
            return Optional.of(new Hit(new AlertReason(ANGER_RATIO, s.angerRatio(), round(ratioThreshold)), RiskLevel.YELLOW));
        }
        return Optional.empty();
    }

    /** 平台广度: platforms with at least breadth.min-posts posts; supports orange (wide). */
    public static Optional<Hit> platformCount(TopicSnapshot s, AlertRulesConfig c, double scale) {
        long n = s.platforms().values().stream().filter(v -> v != null && v >= c.breadth().minPosts()).count();
        return atLeast(PLATFORM_COUNT, n, c.breadth().platforms() * scale, RiskLevel.ORANGE);
    }

    /** 地域广度: regions with at least breadth.min-posts posts; supports orange (wide). */
    public static Optional<Hit> regionCount(TopicSnapshot s, AlertRulesConfig c, double scale) {
        long n = s.regions().values().stream().filter(v -> v != null && v >= c.breadth().minPosts()).count();
        return atLeast(REGION_COUNT, n, c.breadth().regions() * scale, RiskLevel.ORANGE);
    }

    /** 主流媒体介入: posts on news / official media platforms; supports orange (wide). */
    public static Optional<Hit> newsMedia(TopicSnapshot s, AlertRulesConfig c, double scale) {
        long n = 0;
        for (var e : s.platforms().entrySet()) {
            if (e.getValue() != null && c.breadth().mediaPlatforms().stream().anyMatch(m -> m.equalsIgnoreCase(e.getKey()))) {
                n += e.getValue();
            }
        }
        return atLeast(NEWS_MEDIA, n, c.breadth().minPosts() * scale, RiskLevel.ORANGE);
    }

    /** 关注清单: one hit per list with a term in the title or a keyword, supporting the list's level. */
    public static List<Hit> watchLists(TopicSnapshot s, AlertRulesConfig c) {
        List<Hit> hits = new ArrayList<>();
        for (WatchList w : c.watchLists()) {
            int matched = matches(s, w.terms());
            if (matched > 0) {
                hits.add(new Hit(new AlertReason(WATCH_LIST + "." + w.id(), matched, 1), w.level()));
            }
        }
        return hits;
    }

    /** 网上网下联动: offline-gathering terms in the title or keywords; can support red (see grader). */
    public static Optional<Hit> offlineLinkage(TopicSnapshot s, AlertRulesConfig c) {
        int matched = matches(s, c.offlineLinkage().terms());
        return matched > 0
                ? Optional.of(new Hit(new AlertReason(OFFLINE_LINKAGE, matched, 1), RiskLevel.RED))
                : Optional.empty();
    }

    /** How many of {@code terms} occur in the title or in any keyword (case-insensitive). */
    static int matches(TopicSnapshot s, List<String> terms) {
        String title = s.title() == null ? "" : s.title().toLowerCase(Locale.ROOT);
        List<String> keywords = s.keywords().stream().filter(k -> k != null).map(k -> k.toLowerCase(Locale.ROOT)).toList();
        int n = 0;
        for (String term : terms) {
            String t = term.toLowerCase(Locale.ROOT).strip();
            if (!t.isEmpty() && (title.contains(t) || keywords.stream().anyMatch(k -> k.contains(t)))) {
                n++;
            }
        }
        return n;
    }

    private static Optional<Hit> tiered(String rule, double value, Tiers t, double scale) {
        double red = t.red() * scale;
        double orange = t.orange() * scale;
        if (value >= red) {
            return Optional.of(new Hit(new AlertReason(rule, value, round(red)), RiskLevel.RED));
        }
        if (value >= orange) {
            return Optional.of(new Hit(new AlertReason(rule, value, round(orange)), RiskLevel.ORANGE));
        }
        return Optional.empty();
    }

    private static Optional<Hit> atLeast(String rule, double value, double threshold, RiskLevel supports) {
        return value >= threshold
                ? Optional.of(new Hit(new AlertReason(rule, value, round(threshold)), supports))
                : Optional.empty();
    }

    /** Thresholds are reported to 4 decimals, so 0.5 × 0.7 reads 0.35, not 0.35000000000000003. */
    static double round(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
