package io.yuqing.radar.jobs.notify;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What the notifier could not deliver, on {@code yuqing.notify.dlq} (key: the delivery key, or
 * the source record's key when it could not be read): enough to see why and to deliver by hand.
 *
 * @param reason  refused (the channel said no: HTTP 4xx, a robot's error code, a bad address),
 *                gave_up (still failing after the last attempt) or unreadable (the source message)
 * @param detail  the channel's answer or the exception
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record NotificationDeadLetter(String reason, String detail, String deliveryKey, String messageId, String source,
                              String channel, String channelType, Integer attempts, String title,
                              String sourceTopic, Integer sourcePartition, Long sourceOffset, Instant failedAt) {
}
