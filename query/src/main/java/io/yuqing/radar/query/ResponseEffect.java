package io.yuqing.radar.query;

import io.yuqing.radar.schemas.TopicSnapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * 回应效果: the topic's volume and negative ratio over the hours before an official response and
 * the same span after it, from the topic's snapshots (HBase {@code topic_trend}).
 *
 * <p>Snapshots are sliding windows (10 min, sliding 1 min by default) that overlap, so their counts
 * must not be added up: volume is the mean of each window's posts per minute, times 60; the negative
 * ratio is the windows' negative posts over their posts (the overlap weighs every minute alike, so
 * the ratio is unbiased). A window belongs to the side its end falls in.
 *
 * @param complete false while the span after the response has not yet passed
 * @param summary  the effect in words, for the case page and reports
 */
public record ResponseEffect(Instant respondedAt, int hours, Side before, Side after, Double volumeChange,
                             Double negativeRatioChange, boolean complete, String summary) {

    /**
     * One side of the response.
     *
     * @param windows       snapshots whose window ends in [from, to)
     * @param postsPerHour  null without a window
     * @param negativeRatio null without a post
     */
    public record Side(Instant from, Instant to, int windows, Double postsPerHour, Double negativeRatio) {}

    public static ResponseEffect of(List<TopicSnapshot> history, Instant respondedAt, Duration span, Instant now) {
        Instant afterEnd = respondedAt.plus(span);
        Side before = side(history, respondedAt.minus(span), respondedAt);
        Side after = side(history, respondedAt, afterEnd.isAfter(now) ? now : afterEnd);
        Double volumeChange = before.postsPerHour() != null && after.postsPerHour() != null && before.postsPerHour() > 0
                ? after.postsPerHour() / before.postsPerHour() - 1 : null;
        Double negativeChange = before.negativeRatio() != null && after.negativeRatio() != null
                ? after.negativeRatio() - before.negativeRatio() : null;
        boolean complete = !afterEnd.isAfter(now);
        return new ResponseEffect(respondedAt, (int) span.toHours(), before, after, volumeChange, negativeChange, complete,
                summary(before, after, volumeChange, span, complete));
    }

    private static Side side(List<TopicSnapshot> history, Instant from, Instant to) {
        int windows = 0;
        double perMinute = 0;
        long posts = 0;
        long negative = 0;
        for (TopicSnapshot s : history) {
            Instant end = s.windowEnd();
            if (end == null || end.isBefore(from) || !end.isBefore(to)) {
                continue;
            }
            long minutes = s.windowStart() == null ? 10 : Math.max(1, Duration.between(s.windowStart(), end).toMinutes());
            perMinute += (double) s.postCount() / minutes;
            posts += s.postCount();
            negative += s.negativeCount();
            windows++;
        }
        return new Side(from, to, windows, windows == 0 ? null : perMinute / windows * 60,
                posts == 0 ? null : (double) negative / posts);
    }

    private static String summary(Side before, Side after, Double volumeChange, Duration span, boolean complete) {
        String hours = span.toHours() + " 小时";
        if (after.windows() == 0) {
            return "回应后" + (complete ? hours + "内话题无数据（已平息或未再监测到）" : "暂无数据");
        }
        if (before.windows() == 0) {
            return String.format(Locale.ROOT, "回应前%s无数据；回应后每小时约 %.0f 帖，负面占比 %s", hours,
                    after.postsPerHour(), percent(after.negativeRatio()));
        }
        String volume = volumeChange == null ? "声量无从比较"
                : volumeChange < 0 ? String.format(Locale.ROOT, "声量下降 %.0f%%", -volumeChange * 100)
                : String.format(Locale.ROOT, "声量上升 %.0f%%", volumeChange * 100);
        return String.format(Locale.ROOT, "回应前后各%s：%s（每小时约 %.0f → %.0f 帖），负面占比 %s → %s%s", hours, volume,
                before.postsPerHour(), after.postsPerHour(), percent(before.negativeRatio()),
                percent(after.negativeRatio()), complete ? "" : "（回应后时段尚未结束）");
    }

    private static String percent(Double r) {
        return r == null ? "—" : String.format(Locale.ROOT, "%.0f%%", r * 100);
    }
}
