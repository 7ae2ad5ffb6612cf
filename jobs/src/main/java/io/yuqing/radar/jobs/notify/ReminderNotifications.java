package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.Json;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases job's 督办 reminders ({@code yuqing.cases.reminders}) as notifications, addressed to the
 * reminder's unit (the responsible unit, or the level's escalation unit for 升级督办), so routes can
 * send them to that unit's robot or mailbox. The id is the reminder id (case, cycle, deadline,
 * step): written exactly once by the job, delivered once per channel by the notifier.
 */
public final class ReminderNotifications implements NotificationSource {
    static final String SOURCE = "reminder";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(Json.CHINA);

    private final String topic;
    private final String trendPageUrl;

    /** @param trendPageUrl the query service's trend page ({@code notify.link-base}), or empty for no link */
    public ReminderNotifications(String topic, String trendPageUrl) {
        this.topic = topic;
        this.trendPageUrl = trendPageUrl;
    }

    @Override
    public String topic() {
        return topic;
    }

    @Override
    public Notification parse(byte[] key, byte[] value) {
        CaseReminder r;
        try {
            r = Json.fromBytes(value, CaseReminder.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a case reminder: " + e.getMessage(), e);
        }
        if (r.reminderId() == null || r.caseId() == null || r.level() == null || r.deadline() == null) {
            throw new IllegalArgumentException("case reminder without reminder_id, case_id, level or deadline");
        }
        return of(r, trendPageUrl);
    }

    static Notification of(CaseReminder r, String trendPageUrl) {
        String title = "【" + r.stepCn() + "·" + r.level().chinese() + "】" + (r.title() == null ? r.caseId() : r.title());
        List<String> lines = new ArrayList<>();
        lines.add("逾期事项：" + r.deadline().chinese() + "，应于 " + TIME.format(r.dueAt()) + " 前完成"
                + (r.issuedAt() == null ? "" : "（" + TIME.format(r.issuedAt()) + " 督办）"));
        if (r.unit() != null) {
            lines.add("督办单位：" + r.unit());
        }
        lines.add("案件：" + r.caseId() + (r.cycle() > 1 ? "（第 " + r.cycle() + " 次办理）" : ""));
        if (r.text() != null && !r.text().isBlank()) {
            lines.add(r.text());
        }
        String link = Notification.topicLink(trendPageUrl, r.caseId());
        return new Notification(r.reminderId(), SOURCE, r.level(), r.unit(), title, lines, link);
    }
}
