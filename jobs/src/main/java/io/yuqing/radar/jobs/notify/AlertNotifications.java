package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.SamplePost;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Alerts ({@code yuqing.alerts}) as notifications: 首报/续报/结束报告, level in Chinese, the figures
 * dispatch decides on, the reasons and up to three sample posts. The id is the alert id
 * (topic id + report number): the same report replayed is the same message.
 */
public final class AlertNotifications implements NotificationSource {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(Json.CHINA);
    static final String SOURCE = "alert";
    private static final java.util.Map<String, String> PLATFORMS = java.util.Map.of("weibo", "微博", "wechat", "微信",
            "news", "新闻", "forum", "论坛", "douyin", "抖音", "other", "其他");

    private final String topic;
    private final String trendPageUrl;

    /**
     * @param trendPageUrl the query service's trend page ({@code notify.link-base}), or empty for
     *                     no link
     */
    public AlertNotifications(String topic, String trendPageUrl) {
        this.topic = topic;
        this.trendPageUrl = trendPageUrl;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Notification parse(byte[] key, byte[] value) {
        Alert a;
        try {
            a = Json.fromBytes(value, Alert.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an alert: " + e.getMessage(), e);
        }
        if (a.alertId() == null || a.level() == null || a.title() == null) {
            throw new IllegalArgumentException("alert without alert_id, level or title");
        }
        return of(a, trendPageUrl);
    }

    static Notification of(Alert a, String trendPageUrl) {
        String report = a.reportSeq() <= 1 ? "首报" : closing(a) ? "结束报告" : "续报" + (a.reportSeq() - 1);
        String title = "【" + a.level().chinese() + "·" + report + "】" + a.title();
        List<String> lines = new ArrayList<>();
        lines.add("级别：" + a.level().chinese() + "（" + a.level().json() + "）"
                + (a.previousLevel() != null && a.previousLevel() != a.level() ? "，此前 " + a.previousLevel().chinese() : ""));
        lines.add(String.format(Locale.ROOT, "时间窗：%s – %s；首次发现 %s", TIME.format(a.windowStart()),
                TIME.format(a.windowEnd()), a.firstSeenAt() == null ? "—" : TIME.format(a.firstSeenAt())));
        lines.add(String.format(Locale.ROOT, "帖文 %d 条，作者 %d 个，负面占比 %.0f%%，热度 %.0f", a.postCount(),
                a.authorCount(), 100 * a.negativeRatio(), a.heat()));
        if (a.regions() != null && !a.regions().isEmpty()) {
            lines.add("地区：" + String.join("、", a.regions()));
        }
        if (a.platforms() != null && !a.platforms().isEmpty()) {
            lines.add("平台：" + a.platforms().stream().map(p -> PLATFORMS.getOrDefault(p, p)).collect(Collectors.joining("、")));
        }
        if (a.keywords() != null && !a.keywords().isEmpty()) {
            lines.add("关键词：" + String.join("、", a.keywords().subList(0, Math.min(8, a.keywords().size()))));
        }
        if (a.reasons() != null && !a.reasons().isEmpty()) {
            lines.add("依据：" + a.reasons().stream().map(AlertReason::rule).collect(Collectors.joining("、")));
        }
        if (a.samplePosts() != null) {
            for (SamplePost p : a.samplePosts().subList(0, Math.min(3, a.samplePosts().size()))) {
                lines.add("· " + (p.excerpt() == null ? p.id() : p.excerpt()) + (p.url() == null ? "" : " " + p.url()));
            }
        }
        String link = Notification.topicLink(trendPageUrl, a.topicId());
        return new Notification(a.alertId(), SOURCE, a.level(), null, title, lines, link);
    }

    private static boolean closing(Alert a) {
        return a.reasons() != null && a.reasons().stream().anyMatch(r -> "topic_ended".equals(r.rule()));
    }
}
