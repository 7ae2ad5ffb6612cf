package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 督办 reminders from the cases job become notifications addressed to the reminder's unit. */
class ReminderNotificationsTest {
    private final ReminderNotifications source =
            new ReminderNotifications("yuqing.cases.reminders", "https://yuqing.example.gov.cn/ui/");

    @Test
    void theContractsExampleBecomesAMessageToItsUnit() throws Exception {
        byte[] example;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("schemas/examples/case-reminder.json")) {
            example = in.readAllBytes();
        }
        CaseReminder r = Json.fromBytes(example, CaseReminder.class);
        Notification n = source.parse(r.caseId().getBytes(), example);
        assertThat(n.id()).isEqualTo(r.reminderId());
        assertThat(n.source()).isEqualTo("reminder");
        assertThat(n.unit()).isEqualTo(r.unit());
        assertThat(n.level()).isEqualTo(r.level());
        assertThat(n.title()).startsWith("【" + r.stepCn() + "·" + r.level().chinese() + "】");
        assertThat(n.lines()).anySatisfy(l -> assertThat(l).startsWith("逾期事项：" + r.deadline().chinese()));
        assertThat(n.link()).isEqualTo("https://yuqing.example.gov.cn/ui/#topic=" + r.caseId());
        // a replayed reminder is the same message on a channel: the ledger delivers it once
        assertThat(n.deliveryKey("district")).isEqualTo("reminder:" + r.reminderId() + "@district");
    }

    @Test
    void somethingElseOnTheTopicIsRefusedWithItsReason() {
        assertThatThrownBy(() -> source.parse(null, "{\"case_id\":\"tp-1\"}".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reminder_id");
        assertThatThrownBy(() -> source.parse(null, "督办".getBytes()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a case reminder");
    }
}
