package io.yuqing.radar.jobs.notify;

import java.util.List;

/**
 * One configured channel of {@code notify-channels.yaml}.
 *
 * @param type   wecom | dingtalk | feishu | email | log
 * @param url    the robot's webhook URL (webhooks)
 * @param secret the robot's signing secret (钉钉 加签, 飞书 签名校验), or null
 * @param to     the addresses (email)
 */
public record ChannelSpec(String id, Type type, String url, String secret, List<String> to) {
    public enum Type { WECOM, DINGTALK, FEISHU, EMAIL, LOG }

    public ChannelSpec {
        to = to == null ? List.of() : List.copyOf(to);
    }

    /** Where it delivers, for the start-up line: the URL without its query (the key), or the addresses. */
    public String describe() {
        return switch (type) {
            case LOG -> "log";
            case EMAIL -> "email " + String.join(", ", to);
            default -> type.name().toLowerCase(java.util.Locale.ROOT) + " " + url.replaceAll("\\?.*$", "?…")
                    + (secret == null ? "" : " (signed)");
        };
    }
}
