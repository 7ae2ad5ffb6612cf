package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.yuqing.radar.jobs.Provision;
import io.yuqing.radar.jobs.notify.Notifier;
import io.yuqing.radar.jobs.notify.NotifyJob;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier on a real Kafka broker, delivering to a real SMTP server (GreenMail) and to real
 * HTTP receivers answering as the 企业微信, 钉钉 and 飞书 robots do. Three runs over one ledger:
 * the first delivers (a 503 on the very first call is retried; 飞书 refuses with a signature error:
 * one dead letter); the second, a restart in the same group, delivers only the alert that arrived
 * while it was down; the third, in a new group (offsets lost: it re-reads every alert from the
 * beginning), delivers nothing. Every mail and every webhook body is received exactly once.
 */
class NotifierIT {
    private static final String[][] ALERTS = {
            {"t-20261105-0042", "1", "yellow", "云记食堂多名学生腹泻，家长质疑食品安全"},
            {"t-20261105-0042", "2", "orange", "云记食堂多名学生腹泻，家长质疑食品安全"},
            {"t-20261105-0057", "1", "red", "暴雨致城区多处内涝，地下车库被淹车主求助"},
    };
    private static final String[] LATE = {"t-20261105-0063", "1", "yellow", "地铁2号线早高峰故障停运，乘客滞留站台"};

    @TempDir
    Path tmp;

    private final List<String[]> requests = new CopyOnWriteArrayList<>();  // path, body
    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void eachMailAndWebhookIsDeliveredOnceAcrossRestartsAndLostOffsets() throws Exception {
        HttpServer robots = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        robots.createContext("/", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().toString();
            int status = 200;
            String answer;
            if (calls.incrementAndGet() == 1) {
                status = 503;  // the first call of all fails: retried, and delivered once
                answer = "busy";
            } else if (path.startsWith("/open-apis/bot/v2/hook/")) {
                answer = "{\"code\":19021,\"msg\":\"sign match fail or timestamp is not within one hour from current time\"}";
                requests.add(new String[] {path, body});
            } else {
                answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
                requests.add(new String[] {path, body});
            }
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, out.length);
            ex.getResponseBody().write(out);
            ex.close();
        });
        robots.start();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        ServerProcess kafka = ServerProcess.start("kafka", tmp.resolve("data"), tmp.resolve("logs"), "512m", Map.of(),
                Duration.ofSeconds(90));
        try {
            String base = "http://127.0.0.1:" + robots.getAddress().getPort();
            Path channels = tmp.resolve("notify-channels.yaml");
            Files.writeString(channels, """
                    channels:
                      duty-wecom:   {type: wecom, url: "%1$s/cgi-bin/webhook/send?key=duty"}
                      leaders-ding: {type: dingtalk, url: "%1$s/robot/send?access_token=leaders", secret: SECleaders}
                      district-fs:  {type: feishu, url: "%1$s/open-apis/bot/v2/hook/district", secret: wrong}
                      duty-mail:    {type: email, to: [zhiban@example.gov.cn]}
                    routes:
                      - {levels: [yellow, orange, red], channels: [duty-wecom, duty-mail]}
                      - {levels: [orange, red], channels: [leaders-ding]}
                      - {levels: [red], channels: [district-fs]}
                    """.formatted(base), StandardCharsets.UTF_8);
            String bootstrap = kafka.info("bootstrap");
            Settings settings = Settings.defaults()
                    .with("kafka.bootstrap", bootstrap)
                    .with("provision.kafka.replication-factor", "1")
                    .with("provision.kafka.min-insync-replicas", "1")
                    .with("provision.kafka.max-partitions", "2")
                    .with("notify.channels-file", channels.toString())
                    .with("notify.retry.backoff", "PT0.2S")
                    .with("notify.smtp.host", "127.0.0.1")
                    .with("notify.smtp.port", String.valueOf(smtp.getSmtp().getPort()))
                    .with("notify.smtp.from", "yuqing-radar@example.gov.cn");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                Provision.kafka(admin, settings);
            }
            for (String[] a : ALERTS) {
                send(bootstrap, a);
            }

            // run 1: 3 alerts → wecom 3, mail 3, 钉钉 2 (orange, red), 飞书 1 refused
            Notifier first = NotifyJob.build(settings).start();
            await(() -> count("/cgi-bin/") == 3 && smtp.getReceivedMessages().length == 3
                    && count("/robot/") == 2 && count("/open-apis/") == 1, "first run's deliveries");
            awaitCommitted(bootstrap, "yuqing-notify");
            first.close();

            // run 2: same group; one alert arrived while it was down
            send(bootstrap, LATE);
            Notifier second = NotifyJob.build(settings).start();
            await(() -> count("/cgi-bin/") == 4 && smtp.getReceivedMessages().length == 4, "the late alert");
            awaitCommitted(bootstrap, "yuqing-notify");
            second.close();

            // run 3: offsets lost (a new group reads all four alerts again): the ledger holds
            Notifier third = NotifyJob.build(settings.with("notify.group", "yuqing-notify-offsets-lost")).start();
            awaitCommitted(bootstrap, "yuqing-notify-offsets-lost");
            third.close();

            List<String> wecom = bodies("/cgi-bin/webhook/send?key=duty");
            assertThat(wecom).hasSize(4).doesNotHaveDuplicates();
            assertThat(wecom).anyMatch(b -> b.contains("【较大·首报】云记食堂多名学生腹泻"))
                    .anyMatch(b -> b.contains("【重大·续报1】云记食堂多名学生腹泻"))
                    .anyMatch(b -> b.contains("【特别重大·首报】暴雨致城区多处内涝"))
                    .anyMatch(b -> b.contains("【较大·首报】地铁2号线早高峰故障停运"));
            for (String b : wecom) {
                assertThat(Json.mapper().readTree(b).get("msgtype").asText()).isEqualTo("markdown");
            }
            List<String[]> ding = requests.stream().filter(r -> r[0].startsWith("/robot/")).toList();
            assertThat(ding).hasSize(2);
            assertThat(ding).allMatch(r -> r[0].matches("/robot/send\\?access_token=leaders&timestamp=\\d+&sign=.+"));
            assertThat(ding.stream().map(r -> r[1])).doesNotHaveDuplicates();
            assertThat(count("/open-apis/")).as("a refusal is not retried, not even after a restart").isEqualTo(1);

            MimeMessage[] mails = smtp.getReceivedMessages();
            assertThat(mails).hasSize(4);
            List<String> subjects = new ArrayList<>();
            for (MimeMessage m : mails) {
                subjects.add(m.getSubject());
            }
            assertThat(subjects).doesNotHaveDuplicates().contains("【特别重大·首报】暴雨致城区多处内涝，地下车库被淹车主求助");

            List<JsonNode> dead = readAll(bootstrap, "yuqing.notify.dlq");
            assertThat(dead).hasSize(1);
            assertThat(dead.get(0).get("reason").asText()).isEqualTo("refused");
            assertThat(dead.get(0).get("channel").asText()).isEqualTo("district-fs");
            assertThat(dead.get(0).get("detail").asText()).contains("19021");
            assertThat(dead.get(0).get("message_id").asText()).isEqualTo("t-20261105-0057-1");
            // delivered: 4 wecom + 4 mail + 2 钉钉; dead-lettered: 1
            assertThat(readAll(bootstrap, "yuqing.notify.delivered").stream().map(n -> n.get("outcome").asText())
                    .collect(Collectors.groupingBy(s -> s, Collectors.counting())))
                    .isEqualTo(Map.of("delivered", 10L, "dead_lettered", 1L));
        } finally {
            kafka.close();
            smtp.stop();
            robots.stop(0);
        }
    }

    private long count(String prefix) {
        return requests.stream().filter(r -> r[0].startsWith(prefix)).count();
    }

    private List<String> bodies(String path) {
        return requests.stream().filter(r -> r[0].equals(path)).map(r -> r[1]).toList();
    }

    private static void send(String bootstrap, String[] a) throws Exception {
        String json = """
                {"alert_id":"%1$s-%2$s","topic_id":"%1$s","report_seq":%2$s,"level":"%3$s","title":"%4$s",
                 "reasons":[{"rule":"negative_surge","value":0.7,"threshold":0.5}],"keywords":["食堂","腹泻"],
                 "window_start":"2026-11-05T10:00:00+08:00","window_end":"2026-11-05T10:10:00+08:00",
                 "first_seen_at":"2026-11-05T09:41:00+08:00","detected_at":"2026-11-05T10:10:05+08:00",
                 "post_count":418,"author_count":377,"negative_ratio":0.71,"platforms":["weibo"],"regions":["江苏省南京市"],
                 "sample_posts":[],"heat":212.5}
                """.formatted(a[0], a[1], a[2], a[3]);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("yuqing.alerts", a[0].getBytes(StandardCharsets.UTF_8),
                    json.getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
        }
    }

    /** Until the group has committed the end of every alerts partition: everything read is done. */
    private static void awaitCommitted(String bootstrap, String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            await(() -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    var parts = admin.describeTopics(List.of("yuqing.alerts")).allTopicNames().get()
                            .get("yuqing.alerts").partitions().stream()
                            .map(i -> new TopicPartition("yuqing.alerts", i.partition())).toList();
                    var ends = admin.listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
                            .all().get();
                    return parts.stream().allMatch(tp -> ends.get(tp).offset() == 0
                            || (committed.get(tp) != null && committed.get(tp).offset() >= ends.get(tp).offset()));
                } catch (Exception e) {
                    return false;
                }
            }, "group " + group + " committed to the end");
        }
    }

    private static List<JsonNode> readAll(String bootstrap, String topic) throws Exception {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        List<JsonNode> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            var parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            var end = consumer.endOffsets(parts);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    out.add(Json.mapper().readTree(r.value()));
                }
            }
        }
        return out;
    }

    private static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
