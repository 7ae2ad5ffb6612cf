package io.yuqing.radar.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The JSON bodies the three work-chat group robots document, and their signatures. Pure: the
 * tests check them byte for byte without a network.
 *
 * <ul>
 * <li>企业微信 (WeCom) group robot: {@code {"msgtype":"markdown","markdown":{"content":…}}}, answer
 *     {@code {"errcode":0}}; content at most 4096 bytes.</li>
 * <li>钉钉 (DingTalk) custom robot: {@code {"msgtype":"markdown","markdown":{"title":…,"text":…}}},
 *     answer {@code {"errcode":0}}; with 加签 the URL gains {@code &timestamp=<ms>&sign=<s>},
 *     s = url-encoded base64 of HmacSHA256(key = secret, data = timestamp + "\n" + secret).</li>
 * <li>飞书 (Feishu/Lark) custom bot: {@code {"msg_type":"text","content":{"text":…}}}, answer
 *     {@code {"code":0}}; with 签名校验 the body gains {@code "timestamp"} (seconds) and
 *     {@code "sign"} = base64 of HmacSHA256(key = timestamp + "\n" + secret, data = empty).</li>
 * </ul>
 */
public final class WebhookFormats {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 企业微信's limit on markdown content, in UTF-8 bytes. */
    static final int WECOM_MAX_BYTES = 4096;

    private WebhookFormats() {}

    /** Markdown with the title in bold and one line per fact (the subset all three render). */
    static String markdown(Notification n) {
        StringBuilder b = new StringBuilder("**").append(n.title()).append("**\n");
        for (String line : n.lines()) {
            b.append("> ").append(line).append('\n');
        }
        if (n.link() != null) {
            b.append("\n[查看详情](").append(n.link()).append(')');
        }
        return b.toString();
    }

    static String text(Notification n) {
        StringBuilder b = new StringBuilder(n.title()).append('\n');
        n.lines().forEach(l -> b.append(l).append('\n'));
        if (n.link() != null) {
            b.append("详情：").append(n.link());
        }
        return b.toString().strip();
    }

    static String wecom(Notification n) {
        ObjectNode root = JSON.createObjectNode().put("msgtype", "markdown");
        root.putObject("markdown").put("content", truncateUtf8(markdown(n), WECOM_MAX_BYTES));
        return root.toString();
    }

    static String dingtalk(Notification n) {
        ObjectNode root = JSON.createObjectNode().put("msgtype", "markdown");
        root.putObject("markdown").put("title", n.title()).put("text", markdown(n));
        return root.toString();
    }

    /** @param epochSeconds the signing time, or ignored when {@code secret} is null */
    static String feishu(Notification n, String secret, long epochSeconds) {
        ObjectNode root = JSON.createObjectNode();
        if (secret != null) {
            root.put("timestamp", String.valueOf(epochSeconds)).put("sign", feishuSign(secret, epochSeconds));
        }
        root.put("msg_type", "text");
        root.putObject("content").put("text", text(n));
        return root.toString();
    }

    static String feishuSign(String secret, long epochSeconds) {
        return Base64.getEncoder().encodeToString(hmac((epochSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8),
                new byte[0]));
    }

    /** The robot URL with 钉钉's signature appended, or the URL unchanged without a secret. */
    static String dingtalkUrl(String url, String secret, long epochMillis) {
        if (secret == null) {
            return url;
        }
        String sign = Base64.getEncoder().encodeToString(hmac(secret.getBytes(StandardCharsets.UTF_8),
                (epochMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        return url + (url.contains("?") ? "&" : "?") + "timestamp=" + epochMillis + "&sign="
                + URLEncoder.encode(sign, StandardCharsets.UTF_8);
    }

    /**
     * What the robot's answer says. All three answer HTTP 200 with an error code in the body when
     * they refuse (bad key, bad signature, keyword filter): a non-zero code is a refusal, except
     * their rate limits (企业微信 45009, 钉钉 130101/410100, 飞书 9499/11232), which are worth a retry.
     */
    static Outcome answer(String body) {
        JsonNode n;
        try {
            n = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            return Outcome.delivered();  // a 2xx without JSON: a relay or test receiver; nothing says no
        }
        JsonNode code = n.has("errcode") ? n.get("errcode") : n.has("code") ? n.get("code") : n.get("StatusCode");
        if (code == null || code.asLong() == 0) {
            return Outcome.delivered();
        }
        long c = code.asLong();
        String msg = n.path(n.has("errmsg") ? "errmsg" : n.has("msg") ? "msg" : "StatusMessage").asText();
        String reason = "robot answered code " + c + (msg.isEmpty() ? "" : ": " + msg);
        return c == 45009 || c == 130101 || c == 410100 || c == 9499 || c == 11232
                ? Outcome.retry(reason) : Outcome.refused(reason);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    static String truncateUtf8(String s, int maxBytes) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= maxBytes) {
            return s;
        }
        int end = s.length();
        while (s.substring(0, end).getBytes(StandardCharsets.UTF_8).length > maxBytes - 3) {
            end -= Math.max(1, (end / 20));
        }
        return s.substring(0, end) + "…";
    }
}
