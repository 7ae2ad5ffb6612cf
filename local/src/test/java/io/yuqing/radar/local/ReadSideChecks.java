package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.yuqing.radar.schemas.Json;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side (issue #6) over a stack whose data flowed through the enrich, topics and alerts
 * jobs: every endpoint of the query service called over HTTP as a dashboard would, with bad
 * parameters, a missing token and an injection attempt; then the trend page in headless
 * Chromium. A test interface, so a stack test that already fed such data runs these on its own
 * stack instead of starting another (CI time). Implementors run their own feed first
 * ({@code @Order(1)}); these wait for what they need anyway.
 */
interface ReadSideChecks {
    Duration PATIENCE = Duration.ofSeconds(120);
    HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** The screenshot's name, in {@code yuqing.screenshot.dir} (the module's build directory/browser). */
    String SCREENSHOT = "trend-page.png";

    /** A running stack whose jobs have processed a planted event. */
    LocalStack flowedStack();

    /** A word the planted event's posts contain (its city), for the search. */
    String plantedWord();

    @Test
    @Order(2)
    default void everyEndpointServesWhatFlowedThroughTheJobs() throws Exception {
        // ---- open endpoints: health, readiness of all three backends, the API description
        assertThat(get("/health", null).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(json(ready).get("checks")).hasSize(3);
        for (String check : List.of("hbase", "hbase_topic_trend", "elasticsearch")) {
            assertThat(json(ready).at("/checks/" + check).asText()).as(check).isEqualTo("up");
        }
        assertThat(json(get("/openapi.json", null)).at("/paths").has("/api/v1/reports/{kind}")).isTrue();

        // ---- hot topics: ranked by heat, each with its level when alerted
        awaitJson("/api/v1/topics/hot?hours=24&size=50", b -> b.get("items").size() > 0);
        // the filters are compared with the unfiltered list: wait until the topics job's last
        // snapshots are searchable (topics-* refreshes every 5 s) so the list stops changing
        JsonNode hot = awaitStable("/api/v1/topics/hot?hours=24&size=50");
        List<Double> heats = new ArrayList<>();
        hot.get("items").forEach(t -> heats.add(t.get("heat").asDouble()));
        assertThat(heats).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        String topId = hot.at("/items/0/topic_id").asText();
        // (the comparisons below need the whole list, not a truncated top 50)
        assertThat(hot.get("items").size()).isLessThan(50);
        // a filter keeps exactly the topics whose latest window had posts on that platform / from
        // that region (once the feed stops, topics end and their last windows are empty)
        for (String platform : List.of("weibo", "wechat", "news", "forum", "douyin", "other")) {
            assertThat(ids(api("/api/v1/topics/hot?hours=24&size=50&platform=" + platform).get("items"), "topic_id"))
                    .as(platform).isEqualTo(idsWithPositive(hot.get("items"), "platforms", platform));
        }
        java.util.Set<String> regions = new java.util.TreeSet<>();
        hot.get("items").forEach(t -> t.get("regions").fieldNames().forEachRemaining(regions::add));
        regions.add("北京");
        for (String region : regions) {
            assertThat(ids(api("/api/v1/topics/hot?hours=24&size=50&region=" + enc(region)).get("items"), "topic_id"))
                    .as(region).isEqualTo(idsWithPositive(hot.get("items"), "regions", region));
        }

        // ---- alerts: at least the planted event's first report (首报), newest first, paginated
        awaitJson("/api/v1/alerts", b -> b.get("total").asLong() > 0);
        // detected_at is the alerts job's clock: bounding every listing by now freezes the set
        // while the job keeps reporting
        String until = "&to=" + Instant.now().toEpochMilli();
        JsonNode alerts = api("/api/v1/alerts?size=100" + until);
        JsonNode first = alerts.at("/items/0");
        String alerted = first.get("topic_id").asText();
        String level = first.get("level").asText();
        JsonNode firsts = api("/api/v1/alerts?report=first&size=100" + until);
        assertThat(firsts.get("total").asLong()).isPositive();
        firsts.get("items").forEach(a -> assertThat(a.get("report_seq").asInt()).isEqualTo(1));
        JsonNode followUps = api("/api/v1/alerts?report=followup&size=100" + until);
        followUps.get("items").forEach(a -> assertThat(a.get("report_seq").asInt()).isGreaterThan(1));
        assertThat(firsts.get("total").asLong() + followUps.get("total").asLong())
                .isEqualTo(alerts.get("total").asLong());
        api("/api/v1/alerts?level=" + level + until).get("items")
                .forEach(a -> assertThat(a.get("level").asText()).isEqualTo(level));
        JsonNode page0 = api("/api/v1/alerts?size=1&page=0" + until);
        assertThat(page0.get("items")).hasSize(1);
        assertThat(page0.at("/items/0/alert_id")).isEqualTo(first.get("alert_id"));
        if (alerts.get("total").asLong() > 1) {
            assertThat(api("/api/v1/alerts?size=1&page=1" + until).at("/items/0/alert_id"))
                    .isEqualTo(alerts.at("/items/1/alert_id"));
        }
        assertThat(api("/api/v1/alerts?from=" + enc(first.get("detected_at").asText())).get("total").asLong())
                .isPositive();
        assertThat(api("/api/v1/alerts?to=" + enc("2000-01-01T00:00:00+08:00")).get("total").asLong()).isZero();

        // the alerted topic's current level is the hot-topics level filter's answer
        JsonNode current = api("/api/v1/topics/" + enc(alerted));
        String currentLevel = current.get("level").asText();
        JsonNode sameLevel = api("/api/v1/topics/hot?hours=72&size=50&level=" + currentLevel);
        assertThat(ids(sameLevel.get("items"), "topic_id")).contains(alerted);
        sameLevel.get("items").forEach(t ->
                assertThat(sameLevel.at("/levels/" + t.get("topic_id").asText()).asText()).isEqualTo(currentLevel));

        // ---- one topic: detail, keywords, trend, sentiment over time, platforms, regions, posts, alerts
        assertThat(current.at("/topic/topic_id").asText()).isEqualTo(alerted);
        assertThat(current.get("keywords").size()).isPositive();
        assertThat(current.get("series").size()).isGreaterThan(1);
        current.get("series").forEach(p -> {
            assertThat(p.get("negative_count").asLong()).isBetween(0L, p.get("post_count").asLong());
            assertThat(p.has("window_end") && p.has("heat")).isTrue();
        });
        assertThat(current.at("/peak/heat").asDouble()).isPositive();
        assertThat(current.get("platforms").size()).isPositive();
        assertThat(current.get("representative_posts").size()).isPositive();
        assertThat(ids(current.get("alerts"), "topic_id")).isNotEmpty().containsOnly(alerted);
        assertThat(get("/api/v1/topics/tp-000000000000", token()).statusCode()).isEqualTo(404);

        // ---- full-text search: Chinese analysed, highlighted, filtered
        String word = plantedWord();
        JsonNode found = api("/api/v1/posts/search?size=50&q=" + enc(word));
        assertThat(found.get("total").asLong()).isPositive();
        JsonNode hit = found.at("/items/0");
        assertThat(found.at("/highlights/" + hit.get("id").asText() + "/0").asText())
                .contains("<em>" + word.charAt(0)).doesNotContain("<script");
        String hitPlatform = hit.get("platform").asText();
        api("/api/v1/posts/search?size=50&q=" + enc(word) + "&platform=" + hitPlatform).get("items")
                .forEach(p -> assertThat(p.get("platform").asText()).isEqualTo(hitPlatform));
        JsonNode negative = api("/api/v1/posts/search?size=50&q=" + enc(word) + "&sentiment=negative");
        negative.get("items").forEach(p -> assertThat(p.get("sentiment").asText()).isEqualTo("negative"));
        assertThat(negative.get("total").asLong()).isLessThanOrEqualTo(found.get("total").asLong());
        assertThat(api("/api/v1/posts/search?q=" + enc(word) + "&to=" + enc("2000-01-01T00:00:00+08:00"))
                .get("total").asLong()).isZero();
        HttpResponse<String> byId = get("/api/v1/posts/" + enc(hit.get("id").asText()), token());
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(json(byId).get("text").asText()).isEqualTo(hit.get("text").asText());

        // an injection attempt in the search string stays words to match: it neither widens the
        // search (every post) nor breaks it (500), and nothing of it comes back as markup
        long all = StackProbes.esCount(flowedStack());
        for (String hostile : List.of(word + "\" OR *:* \\\" } {\"match_all\":{}}", "*", "text:* OR 1=1",
                "<script>alert(1)</script>" + word, "\")) { \"query\": { \"match_all\": {} } }")) {
            HttpResponse<String> r = get("/api/v1/posts/search?size=100&q=" + enc(hostile), token());
            assertThat(r.statusCode()).as(hostile).isEqualTo(200);
            assertThat(json(r).get("total").asLong()).as(hostile).isLessThan(all);
            assertThat(r.body()).as(hostile).doesNotContain("<script");
        }

        // ---- reports: the daily and weekly in progress hold the event; JSON and printable HTML agree
        LocalDate inProgress = reportInProgress(Instant.now());
        JsonNode weekly = api("/api/v1/reports/weekly?date=" + inProgress);
        assertThat(weekly.get("title").asText()).isEqualTo("舆情周报");
        assertThat(weekly.get("complete").asBoolean()).isFalse();
        assertThat(ids(weekly.get("items"), "topic_id")).contains(alerted);
        JsonNode item = weekly.get("items").get(0);
        assertThat(item.get("level").asText()).isNotEmpty();
        assertThat(item.get("trend")).hasSize(28);
        assertThat(item.get("link").asText()).isEqualTo("/ui/#topic=" + item.get("topic_id").asText());
        JsonNode daily = api("/api/v1/reports/daily?date=" + inProgress);
        assertThat(daily.get("title").asText()).isEqualTo("舆情日报");
        daily.get("items").forEach(i -> assertThat(i.get("trend")).hasSize(24));
        assertThat(api("/api/v1/reports/daily").get("date").asText()).isEqualTo(inProgress.minusDays(1).toString());
        HttpResponse<String> html = get("/api/v1/reports/weekly?format=html&date=" + inProgress, token());
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(html.body()).contains("<h1>舆情周报 · " + inProgress + "</h1>").contains("<svg class=\"spark\"")
                .contains("href=\"" + item.get("link").asText() + "\"").doesNotContain("<script");

        // ---- bad parameters: 400 with the parameter named; never a 500
        for (String bad : List.of("/api/v1/topics/hot?hours=0", "/api/v1/topics/hot?size=51",
                "/api/v1/topics/hot?platform=twitter", "/api/v1/topics/hot?region=" + enc("广东\"}"),
                "/api/v1/topics/hot?level=purple", "/api/v1/topics/" + enc("tp|x"), "/api/v1/topics/" + "x".repeat(300),
                "/api/v1/alerts?level=green", "/api/v1/alerts?report=third", "/api/v1/alerts?size=101",
                "/api/v1/alerts?page=100&size=100", "/api/v1/alerts?from=yesterday",
                "/api/v1/posts/search", "/api/v1/posts/search?q=" + "积".repeat(201),
                "/api/v1/posts/search?q=x&sentiment=angry", "/api/v1/posts/search?q=x&from=2026-11-02&to=2026-11-01",
                "/api/v1/reports/yearly", "/api/v1/reports/monthly?month=2026-13", "/api/v1/cases?status=pending",
                "/api/v1/reports/daily?date=" + inProgress.plusDays(1),
                "/api/v1/reports/daily?date=11/05/2026", "/api/v1/reports/weekly?format=pdf")) {
            HttpResponse<String> r = get(bad, token());
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(json(r).get("error").asText()).as(bad).isEqualTo("invalid_parameter");
            assertThat(json(r).get("detail").asText()).as(bad).isNotBlank();
        }

        // ---- the token: required on every endpoint but health, readiness and the description
        for (String path : List.of("/api/v1/topics/hot", "/api/v1/topics/" + enc(topId), "/api/v1/alerts",
                "/api/v1/posts/search?q=" + enc(word), "/api/v1/posts/" + enc(hit.get("id").asText()),
                "/api/v1/reports/daily", "/api/v1/reports/weekly?format=html")) {
            assertThat(get(path, null).statusCode()).as(path).isEqualTo(401);
            assertThat(get(path, "not-the-token").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    @Order(3)
    default void trendPageRendersChartsWithData() throws Exception {
        HeadlessChromium.requireInstalled();
        // the page loads what the API has: wait until there is a hot topic and an alert
        awaitJson("/api/v1/topics/hot", b -> b.get("items").size() > 0);
        awaitJson("/api/v1/alerts", b -> b.get("total").asLong() > 0);
        String url = TrendPageLink.of(flowedStack().queryUrl(), token()).toString();
        try (HeadlessChromium browser = HeadlessChromium.start(1400, 1800)) {
            browser.open(url);
            browser.await("return document.body.dataset.state === 'ready' || document.body.dataset.state === 'error'",
                    Duration.ofSeconds(60));
            assertThat(browser.eval("return document.body.dataset.state + ': ' + document.getElementById('status').textContent")
                    .asText()).startsWith("ready: 热门话题");
            // the token left the address bar for sessionStorage
            assertThat(browser.eval("return location.hash").asText()).doesNotContain("token");

            assertThat(browser.eval("return document.querySelectorAll('#hot-rows tr.hot-row').length").asInt()).isPositive();
            // the topics job judges every topic: each row names its category (领域), and choosing the
            // first row's category in the select lists only topics of that category
            JsonNode tags = browser.eval("return Array.from(document.querySelectorAll('#hot-rows tr.hot-row'))"
                    + ".map(r => { const t = r.querySelector('.tag.category'); return t ? t.dataset.category : null; })");
            assertThat(tags).allSatisfy(t -> assertThat(t.isTextual()).as("category tag in %s", tags).isTrue());
            String category = tags.get(0).asText();
            browser.eval("const s = document.querySelector('#hot-filters select[name=category]'); s.value = "
                    + Json.mapper().writeValueAsString(category) + "; s.dispatchEvent(new Event('change', {bubbles: true}));"
                    + " return true");
            browser.await("return document.body.dataset.state === 'ready'", Duration.ofSeconds(60));
            JsonNode filtered = browser.eval("return Array.from(document.querySelectorAll('#hot-rows .tag.category'))"
                    + ".map(t => t.dataset.category)");
            assertThat(filtered).isNotEmpty().allSatisfy(t -> assertThat(t.asText()).isEqualTo(category));
            assertThat(filtered.size()).isEqualTo(ids(api("/api/v1/topics/hot?category=" + category).get("items"),
                    "topic_id").size());
            browser.eval("const s = document.querySelector('#hot-filters select[name=category]'); s.value = '';"
                    + " s.dispatchEvent(new Event('change', {bubbles: true})); return true");
            browser.await("return document.body.dataset.state === 'ready'", Duration.ofSeconds(60));
            // every chart is an ECharts instance whose series hold data, and its canvas is not blank
            JsonNode charts = browser.eval("""
                    return Array.from(document.querySelectorAll('[data-chart]')).map(el => {
                      const c = echarts.getInstanceByDom(el);
                      const series = c ? c.getOption().series : [];
                      const canvas = el.querySelector('canvas');
                      let inked = 0;
                      if (canvas) {
                        const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                        for (let i = 3; i < px.length; i += 4) if (px[i] > 0) inked++;
                      }
                      return {id: el.id, kind: el.dataset.chart, series: series.length,
                              points: series.reduce((n, s) => n + (s.data ? s.data.length : 0), 0), inked};
                    });""");
            System.out.println("trend page charts: " + charts);
            List<String> kinds = new ArrayList<>();
            charts.forEach(c -> kinds.add(c.get("kind").asText()));
            assertThat(kinds).contains("sparkline", "topic-trend", "topic-sentiment", "topic-platforms", "alerts-levels");
            charts.forEach(c -> {
                assertThat(c.get("series").asInt()).as(c.toString()).isPositive();
                assertThat(c.get("points").asInt()).as(c.toString()).isPositive();
                assertThat(c.get("inked").asInt()).as(c.toString()).isGreaterThan(20);
            });
            // the alerts chart counts the alerts the API has, per level
            assertThat(browser.eval("""
                    return echarts.getInstanceByDom(document.getElementById('alerts-levels')).getOption()
                      .series[0].data.reduce((n, d) => n + d.value, 0);""").asInt()).isPositive();
            assertThat(browser.eval("return document.getElementById('topic-title').textContent").asText()).isNotBlank();

            Path dir = Path.of(System.getProperty("yuqing.screenshot.dir", "target"));
            Path shot = dir.resolve(SCREENSHOT);
            browser.screenshot(shot);
            assertThat(Files.size(shot)).isGreaterThan(20_000);
            System.out.println("trend page screenshot: " + shot.toAbsolutePath());

            // the printable weekly report, as saved from the API, renders its sparklines without script
            Path report = dir.resolve("weekly-report.html");
            Files.writeString(report, get("/api/v1/reports/weekly?format=html&date="
                    + reportInProgress(Instant.now()), token()).body(), StandardCharsets.UTF_8);
            browser.open(report.toUri().toString());
            assertThat(browser.eval("return document.querySelectorAll('table svg.spark polyline').length").asInt())
                    .isPositive();
            assertThat(browser.eval("return document.querySelector('h1').textContent").asText()).startsWith("舆情周报");
            browser.screenshot(dir.resolve("weekly-report.png"));
        }
    }

    // ---- helpers

    private String token() {
        return flowedStack().settings().get("query.api-token");
    }

    private JsonNode api(String path) throws Exception {
        HttpResponse<String> r = get(path, token());
        assertThat(r.statusCode()).as(path + " → " + r.body()).isEqualTo(200);
        return json(r);
    }

    private JsonNode awaitJson(String path, Predicate<JsonNode> until) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode last = api(path);
        while (!until.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            last = api(path);
        }
        assertThat(until.test(last)).as("%s within %s: %s", path, PATIENCE, last).isTrue();
        return last;
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(flowedStack().queryUrl() + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("X-Api-Token", token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    /** Reads {@code path} until two reads 6 s apart (longer than an index refresh) agree. */
    private JsonNode awaitStable(String path) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        JsonNode before = api(path);
        while (true) {
            Thread.sleep(6000);
            JsonNode now = api(path);
            if (now.equals(before)) {
                return now;
            }
            assertThat(System.nanoTime()).as("%s still changing after %s", path, PATIENCE).isLessThan(deadline);
            before = now;
        }
    }

    /** The ids of the topics whose count map {@code field} has {@code key} above 0, in list order. */
    private static List<String> idsWithPositive(JsonNode items, String field, String key) {
        List<String> out = new ArrayList<>();
        items.forEach(t -> {
            if (t.get(field).path(key).asLong() > 0) {
                out.add(t.get("topic_id").asText());
            }
        });
        return out;
    }

    private static List<String> ids(JsonNode items, String field) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> out.add(i.get(field).asText()));
        return out;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The date of the report whose period (ending 17:00 China time) contains {@code t}. */
    private static LocalDate reportInProgress(Instant t) {
        ZonedDateTime china = t.atZone(ZoneOffset.ofHours(8));
        return china.getHour() >= 17 ? china.toLocalDate().plusDays(1) : china.toLocalDate();
    }
}
