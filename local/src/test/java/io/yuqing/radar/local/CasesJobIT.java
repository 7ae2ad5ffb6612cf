package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.jobs.cases.CaseDeadlines;
import io.yuqing.radar.jobs.cases.CasesJob;
import io.yuqing.radar.jobs.cases.CasesJobConfig;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.AlertReason;
import io.yuqing.radar.schemas.CaseReminder;
import io.yuqing.radar.schemas.CasesTable;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Lifecycle;
import io.yuqing.radar.schemas.TopicSnapshot;
import io.yuqing.radar.connectors.hbase.HBaseRow;
import io.yuqing.radar.connectors.topics.TopicWrites;
import org.apache.hadoop.hbase.client.Put;
import io.yuqing.radar.schemas.RiskLevel;
import io.yuqing.radar.schemas.SamplePost;
import io.yuqing.radar.schemas.Settings;
import org.apache.flink.api.common.JobID;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The cases job on the real local stack (Kafka, HBase, Elasticsearch, Flink MiniCluster, the query
 * service), with deadlines shortened to seconds: a 首报 on {@code yuqing.alerts} opens a case; the
 * job is cancelled while the acknowledgement deadline is pending and restored from its last
 * checkpoint; the missed deadline then sends one 督办 and one 升级督办, each exactly once (read
 * committed); case events posted through the API are folded in and show in HBase, ES and the API;
 * an invalid event sent straight to Kafka goes to the DLQ and changes nothing; the case shows the
 * response's effect from the topic's windows in HBase; a report on the closed case's topic reopens it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CasesJobIT {
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String CASE = "tp-c0ffee000001";
    private static final String TITLE = "网传某小区地下车库积水倒灌，多辆车被淹";
    /** Yellow: 签收 within 25 s, escalated 15 s later; the rest long enough not to fire in the test. */
    private static final String DEADLINES = """
            levels:
              yellow: {acknowledge: PT25S, respond: PT10M, close: PT20M, escalate-after: PT15S}
            after-watch: PT10M
            """;

    private Path data;
    private LocalStack stack;
    private CasesJobConfig config;
    private KafkaProducer<String, byte[]> producer;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start() throws Exception {
        data = Files.createTempDirectory("yuqing-cases-it");
        // no job of the stack's own: this test submits, cancels and restores the cases job itself
        stack = LocalStack.start(StackOptions.forTests(data).withJobs(), Settings.defaults());
        config = stack.casesConfig().withDeadlines(CaseDeadlines.withOverrides(DEADLINES));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
    }

    @AfterAll
    void stop() throws IOException {
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
        }
        TestDirs.delete(data);
    }

    @Test
    @Order(1)
    void aCaseOpensIsChasedOnceAcrossARestoreIsHandledThroughTheApiAndReopens() throws Exception {
        JobID job = submit(null);
        Instant opened = Instant.now();
        send(config.alertsTopic(), CASE, Json.toBytes(alert(1, opened, List.of(new AlertReason("negative_ratio", 0.7, 0.5)))));

        JsonNode file = awaitCase(f -> f.path("status").asText().equals("open"));
        assertThat(file.get("title").asText()).isEqualTo(TITLE);
        assertThat(file.get("deadlines")).hasSize(3);
        assertThat(Json.parseTime(file.at("/deadlines/0/due_at").asText()))
                .isEqualTo(opened.plusSeconds(25));

        // an event that breaks the contract, straight to Kafka: dead letter, no change to the case
        send(config.eventsTopic(), CASE, """
                {"case_id":"tp-c0ffee000001","event_id":"ev-bad-1","type":"assigned","at":"%s",
                 "actor":{"unit":"市委网信办舆情科","role":"dispatcher"}}""".formatted(Json.formatTime(Instant.now()))
                .getBytes(StandardCharsets.UTF_8));
        List<DeadLetter> refused = awaitRecords(config.dlqTopic(), DeadLetter.class, l -> !l.isEmpty());
        assertThat(refused).singleElement().satisfies(d -> {
            assertThat(d.job()).isEqualTo("cases");
            assertThat(d.reason()).isEqualTo(DeadLetterReason.WRONG_TYPE);
            assertThat(d.detail()).contains("assigned needs the unit");
        });

        // mid-deadline: cancel once a checkpoint holds the open case, restore from it
        Thread.sleep(5_000);
        stack.flink().cancel(job);
        stack.flink().awaitTerminal(job, PATIENCE);
        assertThat(Duration.between(opened, Instant.now())).as("cancelled before the deadline").isLessThan(Duration.ofSeconds(25));
        JobID restored = submit(stack.flink().lastCheckpoint(job));

        // the missed acknowledgement: 督办 to the duty unit, then 升级督办 to the escalation unit
        List<CaseReminder> reminders = awaitRecords(config.remindersTopic(), CaseReminder.class,
                l -> l.stream().anyMatch(r -> r.step() == 2));
        assertThat(reminders).extracting(CaseReminder::reminderId)
                .containsExactly(CASE + "-1-acknowledge-1", CASE + "-1-acknowledge-2");
        assertThat(reminders.get(0).unit()).isEqualTo("网信办舆情值班室");
        assertThat(reminders.get(0).text()).contains("【督办】较大舆情", TITLE);
        assertThat(reminders.get(1).unit()).isEqualTo("网信办网络舆情科");
        assertThat(reminders.get(1).issuedAt()).isAfterOrEqualTo(reminders.get(1).dueAt().plusSeconds(15));
        assertThat(awaitCase(f -> f.path("overdue").asBoolean()).at("/deadlines/0/reminders").asInt()).isEqualTo(2);

        // handled through the API: assigned, responded, closed
        post("""
                {"event_id":"ev-it-1","type":"assigned","actor":{"unit":"市委网信办舆情科","role":"dispatcher"},"unit":"江宁区住房和城乡建设局"}""");
        // the topic's windows around the statement, published 30 min ago: busy before it, quieter after it
        Instant statement = Instant.now().minus(Duration.ofMinutes(30)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        try (Table t = stack.hbase().getTable(TableName.valueOf(stack.settings().get("hbase.table.topic-trend")))) {
            for (int m = -60; m < 30; m++) {
                Instant end = statement.plus(Duration.ofMinutes(m));
                long posts = m < 0 ? 300 : 100;
                TopicSnapshot s = new TopicSnapshot(CASE, TITLE, List.of("积水", "车库"), end.minus(Duration.ofMinutes(10)),
                        end, opened.minus(Duration.ofHours(2)), Lifecycle.PEAK, posts, posts, posts / 2,
                        m < 0 ? 210 : 40, m < 0 ? 0.7 : 0.4, Map.of("weibo", posts), Map.of("江苏省南京市", posts), 50, 0,
                        List.of());
                HBaseRow row = TopicWrites.toRow(s);
                Put put = new Put(row.row());
                row.cells().forEach(c -> put.addColumn(row.family(), c.qualifier(), c.value()));
                t.put(put);
            }
        }
        post("""
                {"event_id":"ev-it-2","type":"responded","at":"%s","actor":{"unit":"江宁区住房和城乡建设局","role":"analyst"},
                 "response":{"channel":"官方微博","url":"https://weibo.com/jnzj/Pc1","text":"已组织排水抢险，受损车辆由物业配合保险公司定损。"}}"""
                .formatted(Json.formatTime(statement)));
        JsonNode answer = post("""
                {"event_id":"ev-it-3","type":"closed","actor":{"unit":"江宁区住房和城乡建设局","role":"dispatcher"},
                 "result":"积水已排除，排水泵站故障已修复；对物业公司约谈并责令整改。"}""");
        assertThat(answer.get("visible_within_seconds").asInt()).isPositive();
        file = awaitCase(f -> f.path("status").asText().equals("closed"));
        assertThat(file.get("unit").asText()).isEqualTo("江宁区住房和城乡建设局");
        assertThat(file.get("overdue").asBoolean()).isFalse();
        assertThat(file.at("/deadlines/0/status").asText()).isEqualTo("met_late");
        assertThat(file.get("response").get("text").asText()).contains("排水抢险");
        // 回应效果 from the real topic_trend scan: 60 windows before the statement, 30 after (up to now)
        JsonNode effect = file.get("response_effect");
        assertThat(effect.at("/before/windows").asInt()).isEqualTo(60);
        assertThat(effect.at("/after/windows").asInt()).isEqualTo(30);
        assertThat(effect.at("/before/negative_ratio").asDouble()).isEqualTo(0.7);
        assertThat(effect.at("/after/negative_ratio").asDouble()).isEqualTo(0.4);
        assertThat(effect.get("summary").asText()).contains("声量下降 67%");
        List<String> refs = new ArrayList<>();
        file.get("timeline").forEach(e -> refs.add(e.path("ref").asText()));
        assertThat(refs).contains("ev-it-1", "ev-it-2", "ev-it-3").doesNotContain("ev-bad-1");
        // the API refuses what the case's state does not allow
        assertThat(postStatus("""
                {"type":"responded","actor":{"unit":"江宁区住房和城乡建设局"},"response":{"channel":"官方微博","text":"补充说明"}}""")).isEqualTo(409);

        // HBase keeps one cell per timeline entry (留痕); ES lists the case in the ledger
        try (Table t = stack.hbase().getTable(TableName.valueOf(config.hbase().table()))) {
            Result r = t.get(new Get(CasesTable.rowKey(CASE)));
            long entries = r.getFamilyMap(CasesTable.FAMILY).keySet().stream()
                    .filter(q -> new String(q, StandardCharsets.UTF_8).startsWith(CasesTable.ENTRY_PREFIX)).count();
            assertThat(entries).isEqualTo(file.get("timeline").size());
        }
        JsonNode ledger = awaitJson("/api/v1/cases?status=closed&unit="
                + URLEncoder.encode("江宁区住房和城乡建设局", StandardCharsets.UTF_8), p -> p.path("total").asInt() == 1);
        assertThat(ledger.at("/items/0/case_id").asText()).isEqualTo(CASE);
        assertThat(ledger.at("/items/0/category_cn").asText()).isEqualTo("民生与社会保障");

        // the monthly bulletin over the real ledger: the case's acknowledgement was late (after two reminders)
        String month = java.time.YearMonth.from(opened.atZone(Json.CHINA)).toString();
        JsonNode bulletin = awaitJson("/api/v1/reports/monthly?month=" + month, n -> n.path("closed").asInt() >= 1);
        assertThat(bulletin.get("opened").asInt()).isEqualTo(1);
        assertThat(bulletin.at("/on_time_by_deadline/acknowledge/late").asInt()).isEqualTo(1);
        // the unit's three deadlines: acknowledged late, the statement and the closure in time
        assertThat(bulletin.at("/on_time_by_unit/江宁区住房和城乡建设局/on_time").asInt()).isEqualTo(2);
        assertThat(bulletin.at("/on_time_by_unit/江宁区住房和城乡建设局/late").asInt()).isEqualTo(1);
        assertThat(bulletin.get("late")).singleElement().satisfies(l -> {
            assertThat(l.get("case_id").asText()).isEqualTo(CASE);
            assertThat(l.get("reminders").asInt()).isEqualTo(2);
        });
        HttpResponse<String> page = request("GET", "/api/v1/reports/monthly?format=html&month=" + month, null);
        assertThat(page.body()).contains("舆情办理情况月度通报", TITLE, "江宁区住房和城乡建设局");

        // the topic alerts again after closure: the case reopens with a new cycle
        send(config.alertsTopic(), CASE, Json.toBytes(alert(2, Instant.now(), List.of(new AlertReason("volume_growth", 2.1, 2)))));
        file = awaitCase(f -> f.path("cycle").asInt() == 2);
        assertThat(file.get("status").asText()).isEqualTo("open");
        assertThat(file.get("reopen_count").asInt()).isEqualTo(1);

        // read again after the rest settled: still exactly the two reminders of cycle 1, none repeated
        List<ConsumerRecord<String, byte[]>> all = CommittedRecords.read(stack.kafkaBootstrap(), config.remindersTopic(),
                Duration.ofSeconds(3));
        assertThat(all.stream().map(r -> Json.fromBytes(r.value(), CaseReminder.class).reminderId())
                .filter(id -> id.startsWith(CASE + "-1-"))).containsExactly(CASE + "-1-acknowledge-1", CASE + "-1-acknowledge-2");
        stack.flink().cancel(restored);
    }

    /** The trend page shows the topic's case and the overdue list; the monthly bulletin renders as a page. */
    @Test
    @Order(2)
    void theTrendPageShowsTheCaseAndTheMonthlyBulletinRenders() throws Exception {
        HeadlessChromium.requireInstalled();
        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1800)) {
            browser.open(TrendPageLink.of(stack.queryUrl(), "test-token") + "&topic=" + CASE);
            browser.await("return document.body.dataset.state === 'ready' || document.body.dataset.state === 'error'",
                    Duration.ofSeconds(60));
            assertThat(browser.eval("return document.body.dataset.state + ': ' + document.getElementById('status').textContent")
                    .asText()).startsWith("ready: ").contains("逾期案件");
            browser.await("return document.getElementById('topic-case').textContent.length > 0", Duration.ofSeconds(30));
            // reopened by the second report: open again, deadlines of cycle 2, the unit kept
            assertThat(browser.eval("return document.getElementById('topic-case').textContent").asText())
                    .startsWith("案件：待签收").contains("江宁区住房和城乡建设局", "回应效果");
            assertThat(browser.eval("return document.getElementById('overdue-rows').textContent").asText())
                    .doesNotContain("不可用");

            String month = java.time.YearMonth.from(Instant.now().atZone(Json.CHINA)).toString();
            Path page = Files.createTempFile(data, "monthly-bulletin", ".html");
            Files.writeString(page, request("GET", "/api/v1/reports/monthly?format=html&month=" + month, null).body(),
                    StandardCharsets.UTF_8);
            browser.open(page.toUri().toString());
            assertThat(browser.eval("return document.querySelector('h1').textContent").asText())
                    .isEqualTo("舆情办理情况月度通报 · " + month);
            assertThat(browser.eval("return document.querySelectorAll('table tbody tr').length").asInt()).isPositive();
            assertThat(browser.eval("return document.scripts.length").asInt()).isZero();
        }
    }

    private Alert alert(int seq, Instant detected, List<AlertReason> reasons) {
        return new Alert(CASE + "-" + seq, CASE, seq, RiskLevel.YELLOW, seq == 1 ? null : RiskLevel.YELLOW, reasons, TITLE,
                List.of("积水", "车库", "倒灌"), detected.minus(Duration.ofMinutes(10)), detected,
                detected.minus(Duration.ofHours(1)), detected, 140, 120, 0.7, List.of("weibo", "douyin"),
                List.of("江苏省南京市"), List.of(new SamplePost("5091" + seq, "https://weibo.com/u/5091" + seq,
                "地下车库全淹了，物业一直没人管")), 52.0, Category.LIVELIHOOD, 0.7, List.of("积水"), 0.2);
    }

    // --- plumbing -----------------------------------------------------------------------------------

    private JobID submit(Path restoreFrom) throws Exception {
        JobID job = stack.flink().submitRestorable(CasesJob.NAME, 2, Duration.ofSeconds(2), restoreFrom,
                env -> CasesJob.build(env, config));
        stack.flink().awaitRunning(job, Duration.ofSeconds(60));
        return job;
    }

    private void send(String topic, String key, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
    }

    private HttpResponse<String> request(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.queryUrl() + path))
                .header("Authorization", "Bearer test-token").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode post(String body) throws Exception {
        HttpResponse<String> r = request("POST", "/api/v1/cases/" + CASE + "/events", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return Json.mapper().readTree(r.body());
    }

    private int postStatus(String body) throws Exception {
        return request("POST", "/api/v1/cases/" + CASE + "/events", body).statusCode();
    }

    private JsonNode awaitCase(Predicate<JsonNode> done) throws Exception {
        return awaitJson("/api/v1/cases/" + CASE, done);
    }

    /** GET {@code path} until it answers 200 with a body that satisfies {@code done}. */
    private JsonNode awaitJson(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = request("GET", path, null);
            last = r.statusCode() + " " + r.body();
            if (r.statusCode() == 200) {
                JsonNode n = Json.mapper().readTree(r.body());
                if (done.test(n)) {
                    return n;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("GET " + path + " never satisfied the test within " + PATIENCE + "; last: " + last);
    }

    /** Everything committed on {@code topic} (read_committed, from the start) once {@code done}, plus a settle. */
    private <T> List<T> awaitRecords(String topic, Class<T> type, Predicate<List<T>> done) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        List<T> seen = List.of();
        while (System.nanoTime() < deadline) {
            seen = CommittedRecords.read(stack.kafkaBootstrap(), topic, Duration.ZERO).stream()
                    .map(r -> Json.fromBytes(r.value(), type)).toList();
            if (done.test(seen)) {
                // a little longer, so that a duplicate arriving late would be seen too
                return CommittedRecords.read(stack.kafkaBootstrap(), topic, Duration.ofSeconds(4)).stream()
                        .map(r -> Json.fromBytes(r.value(), type)).toList();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not all expected records on " + topic + " within " + PATIENCE + ": " + seen);
    }
}
