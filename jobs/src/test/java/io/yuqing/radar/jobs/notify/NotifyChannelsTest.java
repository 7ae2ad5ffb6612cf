package io.yuqing.radar.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.Settings;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The notifier's parts without Kafka: the robots' JSON bodies and signatures, routing by level and
 * unit, and each channel against a real receiver (a JDK HTTP server answering as the robots do, a
 * GreenMail SMTP server): delivered, refused (4xx, a robot's error code, a bad address) or worth a
 * retry (5xx, rate limit). Delivery across restarts, with the ledger on Kafka: local/NotifierIT.
 */
class NotifyChannelsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-05T02:30:00Z"), ZoneOffset.UTC);

    private HttpServer http;
    private final List<String[]> received = new CopyOnWriteArrayList<>();  // path+query, body
    private final AtomicReference<String[]> answer = new AtomicReference<>(new String[] {"200", "{\"errcode\":0,\"errmsg\":\"ok\"}"});
    private GreenMail smtp;

    static Alert alert(String topicId, int seq, String level, String title) {
        return Json.fromString("""
                {"alert_id":"%1$s-%2$d","topic_id":"%1$s","report_seq":%2$d,"level":"%3$s","reasons":[{"rule":"negative_surge","value":0.71,"threshold":0.5},{"rule":"domain_food","value":1,"threshold":1}],
                 "title":"%4$s","keywords":["云记食堂","腹泻","学生","家长"],"window_start":"2026-11-05T10:00:00+08:00","window_end":"2026-11-05T10:10:00+08:00",
                 "first_seen_at":"2026-11-05T09:41:00+08:00","detected_at":"2026-11-05T10:10:05+08:00","post_count":418,"author_count":377,"negative_ratio":0.71,
                 "platforms":["weibo","douyin"],"regions":["江苏省南京市"],"sample_posts":[{"id":"p-1","url":"https://weibo.com/1/Pq1","excerpt":"孩子吃完午饭回家就上吐下泻，学校到现在没个说法"}],"heat":212.5}
                """.formatted(topicId, seq, level, title), Alert.class);
    }

    @BeforeEach
    void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            byte[] body = ex.getRequestBody().readAllBytes();
            received.add(new String[] {ex.getRequestURI().toString(), new String(body, StandardCharsets.UTF_8)});
            String[] a = answer.get();
            byte[] out = a[1].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(Integer.parseInt(a[0]), out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        http.start();
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        http.stop(0);
        smtp.stop();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    private WebhookChannel webhook(ChannelSpec.Type type, String path, String secret) {
        return new WebhookChannel(new ChannelSpec("robot", type, url(path), secret, List.of()),
                HttpClient.newHttpClient(), Duration.ofSeconds(5), CLOCK);
    }

    @Test
    void anAlertReadsAsDispatchNeedsIt() {
        Notification n = AlertNotifications.of(alert("t-20261105-0042", 1, "orange", "云记食堂多名学生腹泻，家长质疑食品安全"),
                "https://yuqing.example.gov.cn/ui/");
        assertThat(n.title()).isEqualTo("【重大·首报】云记食堂多名学生腹泻，家长质疑食品安全");
        assertThat(n.id()).isEqualTo("t-20261105-0042-1");
        assertThat(n.lines()).contains("帖文 418 条，作者 377 个，负面占比 71%，热度 213", "地区：江苏省南京市", "平台：微博、抖音")
                .anyMatch(l -> l.contains("孩子吃完午饭回家就上吐下泻"));
        assertThat(n.link()).isEqualTo("https://yuqing.example.gov.cn/ui/#topic=t-20261105-0042");
        assertThat(AlertNotifications.of(alert("t-1", 3, "red", "某地"), null).title()).startsWith("【特别重大·续报2】");
        assertThatThrownBy(() -> new AlertNotifications("yuqing.alerts", null)
                .parse(null, "{\"title\":\"缺少级别\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void robotBodiesAreTheDocumentedJson() throws Exception {
        Notification n = AlertNotifications.of(alert("t-9", 1, "yellow", "地铁2号线早高峰故障停运，乘客滞留站台"), null);
        JsonNode wecom = JSON.readTree(WebhookFormats.wecom(n));
        assertThat(wecom.get("msgtype").asText()).isEqualTo("markdown");
        assertThat(wecom.at("/markdown/content").asText()).startsWith("**【较大·首报】地铁2号线早高峰故障停运，乘客滞留站台**\n> 级别：较大");
        JsonNode ding = JSON.readTree(WebhookFormats.dingtalk(n));
        assertThat(ding.at("/markdown/title").asText()).isEqualTo(n.title());
        assertThat(ding.at("/markdown/text").asText()).contains("> 帖文 418 条");
        JsonNode feishu = JSON.readTree(WebhookFormats.feishu(n, null, 0));
        assertThat(feishu.get("msg_type").asText()).isEqualTo("text");
        assertThat(feishu.at("/content/text").asText()).startsWith("【较大·首报】地铁2号线").doesNotContain("**");
        assertThat(feishu.has("sign")).isFalse();

        // 企业微信 takes at most 4096 bytes of markdown
        Notification huge = new Notification("x", "alert", RiskLevel.RED, null, "长", List.of("很".repeat(3000)), null);
        String content = JSON.readTree(WebhookFormats.wecom(huge)).at("/markdown/content").asText();
        assertThat(content.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
        assertThat(content).endsWith("…");
    }

    @Test
    void signaturesFollowTheRobotsDocumentation() throws Exception {
        String secret = "SEC6a1b2c3d4e5f";
        long ms = 1_793_500_000_000L;
        // 钉钉: HmacSHA256(key = secret, data = timestamp "\n" secret), base64, url-encoded, on the URL
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = Base64.getEncoder().encodeToString(mac.doFinal((ms + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        String signed = WebhookFormats.dingtalkUrl("https://oapi.dingtalk.com/robot/send?access_token=abc", secret, ms);
        assertThat(signed).startsWith("https://oapi.dingtalk.com/robot/send?access_token=abc&timestamp=" + ms + "&sign=");
        assertThat(URLDecoder.decode(signed.substring(signed.indexOf("&sign=") + 6), StandardCharsets.UTF_8)).isEqualTo(expected);
        // 飞书: HmacSHA256(key = timestamp "\n" secret, data = empty), base64, in the body
        mac.init(new SecretKeySpec(((ms / 1000) + "\n" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        JsonNode body = JSON.readTree(WebhookFormats.feishu(
                AlertNotifications.of(alert("t-2", 1, "blue", "高校食堂涨价引热议"), null), secret, ms / 1000));
        assertThat(body.get("timestamp").asText()).isEqualTo(String.valueOf(ms / 1000));
        assertThat(body.get("sign").asText()).isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(new byte[0])));
    }

    @Test
    void routesMatchLevelUnitAndSource() {
        String yaml = """
                channels:
                  duty: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
                  leaders: {type: email, to: [lingdao@example.gov.cn]}
                  district: {type: feishu, url: "https://open.feishu.cn/open-apis/bot/v2/hook/x"}
                routes:
                  - {levels: [yellow, orange, red], channels: [duty]}
                  - {levels: [orange, red], channels: [leaders, duty]}
                  - {units: [区网信办], sources: [reminder], channels: [district]}
                """;
        NotifyConfig.Parsed p = NotifyConfig.parseChannels(yaml, "test", Map.of("WECOM_KEY", "k-123")::get);
        assertThat(p.channels().get("duty").url()).endsWith("key=k-123");
        NotifyConfig c = new NotifyConfig("g", "a", "r", "d", "q", 3, Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(5), null, new NotifyConfig.Smtp("127.0.0.1", 25, "radar@example.gov.cn", null, null, false),
                p.channels(), p.routes());
        assertThat(c.route(note(RiskLevel.BLUE, null, "alert"))).isEmpty();
        assertThat(c.route(note(RiskLevel.YELLOW, null, "alert"))).extracting(ChannelSpec::id).containsExactly("duty");
        assertThat(c.route(note(RiskLevel.RED, null, "alert"))).extracting(ChannelSpec::id).containsExactly("duty", "leaders");
        assertThat(c.route(note(RiskLevel.BLUE, "区网信办", "reminder"))).extracting(ChannelSpec::id).containsExactly("district");
        assertThat(c.route(note(RiskLevel.BLUE, "市委网信办", "reminder"))).isEmpty();
        assertThat(c.backoffBefore(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.backoffBefore(4)).isEqualTo(Duration.ofSeconds(4));
        assertThat(c.backoffBefore(9)).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.toString()).doesNotContain("k-123");

        assertThatThrownBy(() -> NotifyConfig.parseChannels(yaml, "test", k -> null))
                .hasMessageContaining("WECOM_KEY is not set");
        assertThatThrownBy(() -> new NotifyConfig("g", "a", "r", "d", "q", 3, Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(5), null, new NotifyConfig.Smtp(null, 25, null, null, null, false), p.channels(), p.routes()))
                .hasMessageContaining("notify.smtp.host");
    }

    @Test
    void theShippedDefaultSendsEverythingToTheLog() {
        NotifyConfig c = NotifyConfig.from(Settings.defaults());
        assertThat(c.route(note(RiskLevel.BLUE, null, "alert"))).extracting(ChannelSpec::type)
                .containsExactly(ChannelSpec.Type.LOG);
        assertThat(c.route(note(RiskLevel.RED, "区网信办", "reminder"))).hasSize(1);
    }

    private static Notification note(RiskLevel level, String unit, String source) {
        return new Notification("m-1", source, level, unit, "标题", List.of(), null);
    }

    @Test
    void webhookChannelsDeliverOrSayWhyNot() {
        Notification n = AlertNotifications.of(alert("t-3", 1, "orange", "化工园区附近冒出浓烟，周边居民担忧"), null);
        assertThat(webhook(ChannelSpec.Type.WECOM, "/cgi-bin/webhook/send?key=k1", null).send(n).kind())
                .isEqualTo(Outcome.Kind.DELIVERED);
        assertThat(received).hasSize(1);
        assertThat(received.get(0)[1]).contains("化工园区附近冒出浓烟");

        // 钉钉 signs the URL
        assertThat(webhook(ChannelSpec.Type.DINGTALK, "/robot/send?access_token=t1", "SECabc").send(n).kind())
                .isEqualTo(Outcome.Kind.DELIVERED);
        assertThat(received.get(1)[0]).startsWith("/robot/send?access_token=t1&timestamp=1793845800000&sign=");

        answer.set(new String[] {"200", "{\"errcode\":310000,\"errmsg\":\"sign not match\"}"});
        Outcome refused = webhook(ChannelSpec.Type.DINGTALK, "/robot/send?access_token=t1", "SECwrong").send(n);
        assertThat(refused.kind()).isEqualTo(Outcome.Kind.REFUSED);
        assertThat(refused.reason()).contains("310000").contains("sign not match");

        answer.set(new String[] {"200", "{\"code\":9499,\"msg\":\"too many request\"}"});
        assertThat(webhook(ChannelSpec.Type.FEISHU, "/open-apis/bot/v2/hook/h", null).send(n).kind())
                .isEqualTo(Outcome.Kind.RETRY);
        answer.set(new String[] {"404", "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"});
        assertThat(webhook(ChannelSpec.Type.WECOM, "/cgi-bin/webhook/send?key=gone", null).send(n).kind())
                .isEqualTo(Outcome.Kind.REFUSED);
        answer.set(new String[] {"503", "upstream busy"});
        assertThat(webhook(ChannelSpec.Type.WECOM, "/cgi-bin/webhook/send?key=k1", null).send(n).kind())
                .isEqualTo(Outcome.Kind.RETRY);

        http.stop(0);
        assertThat(webhook(ChannelSpec.Type.WECOM, "/cgi-bin/webhook/send?key=k1", null).send(n).kind())
                .as("connection refused").isEqualTo(Outcome.Kind.RETRY);
    }

    @Test
    void mailIsSentInChineseWithTheDeliveryKeyAsMessageIdAndABadAddressIsRefused() throws Exception {
        NotifyConfig.Smtp server = new NotifyConfig.Smtp("127.0.0.1", smtp.getSmtp().getPort(), "yuqing-radar@example.gov.cn",
                null, null, false);
        Notification n = AlertNotifications.of(alert("t-4", 2, "red", "暴雨致城区多处内涝，地下车库被淹"), null);
        MailChannel mail = new MailChannel(new ChannelSpec("duty-mail", ChannelSpec.Type.EMAIL, null, null,
                List.of("zhiban@example.gov.cn", "yanpan@example.gov.cn")), server, Duration.ofSeconds(5));
        assertThat(mail.send(n).kind()).isEqualTo(Outcome.Kind.DELIVERED);
        MimeMessage[] got = smtp.getReceivedMessages();
        assertThat(got).hasSize(2);  // one per recipient mailbox
        assertThat(got[0].getSubject()).isEqualTo("【特别重大·续报1】暴雨致城区多处内涝，地下车库被淹");
        assertThat(got[0].getMessageID()).isEqualTo(MailChannel.messageId(n.deliveryKey("duty-mail")));
        assertThat(((String) got[0].getContent())).contains("帖文 418 条").contains("孩子吃完午饭回家就上吐下泻");

        MailChannel bad = new MailChannel(new ChannelSpec("bad", ChannelSpec.Type.EMAIL, null, null,
                List.of("值班室 <no-at-sign>")), server, Duration.ofSeconds(5));
        Outcome o = bad.send(n);
        assertThat(o.kind()).isEqualTo(Outcome.Kind.REFUSED);
        assertThat(o.reason()).startsWith("bad address");
        assertThat(smtp.getReceivedMessages()).hasSize(2);

        smtp.stop();
        assertThat(mail.send(n).kind()).as("server down").isEqualTo(Outcome.Kind.RETRY);
    }
}
