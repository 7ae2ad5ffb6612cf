package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.RiskLevel;

import java.util.List;
import java.util.Objects;

/**
 * One message for people, whatever produced it: an alert today, a 督办 reminder of the cases job
 * next (a second {@link NotificationSource}). Channels format it; routing reads its source, level
 * and unit.
 *
 * @param id     unique and stable per message: a replay of the same Kafka record gives the same
 *               id, so the delivery ledger recognises it (an alert's {@code alert_id})
 * @param source what produced it, e.g. {@code alert}, {@code reminder}; routes may name sources
 * @param level  the risk level the routes match on
 * @param unit   the unit the message is addressed to, or null (alerts are addressed to no unit
 *               until a case assigns one)
 * @param title  one line, Chinese, e.g. {@code 【重大·首报】云记食堂多名学生腹泻}
 * @param lines  the body, one fact per line, plain text (channels add their markup)
 * @param link   where to read more (the trend page), or null
 */
public record Notification(String id, String source, RiskLevel level, String unit, String title,
                           List<String> lines, String link) {
    public Notification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(title, "title");
        lines = List.copyOf(lines);
    }

    /**
     * The trend page's link to a topic ({@code notify.link-base} + {@code #topic=<id>}), or null when
     * no link base is configured (null or blank).
     */
    static String topicLink(String trendPageUrl, String topicId) {
        return trendPageUrl == null || trendPageUrl.isBlank() ? null : trendPageUrl.strip() + "#topic=" + topicId;
    }

    /** The idempotency key of this message on one channel: what the delivery ledger records. */
    public String deliveryKey(String channelId) {
        return source + ":" + id + "@" + channelId;
    }
}
