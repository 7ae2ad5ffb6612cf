package io.yuqing.radar.query;

import io.yuqing.radar.schemas.RiskLevel;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link Report} as one printable HTML page: Chinese headings, inline SVG sparklines and
 * print CSS, so it needs no script and prints as it shows. Every string that came from data
 * (titles, keywords, ids) is HTML-escaped: post text is written by anyone on the internet.
 */
final class ReportHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ReportPeriod.CHINA);
    private static final Map<String, String> LEVEL_COLOURS = Map.of(
            "blue", "#1e6fd9", "yellow", "#d4a106", "orange", "#e8710a", "red", "#d11a2a");
    /** Inline styles and nothing else: no script, no external resource. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none';"
            + " form-action 'none'";
    static final int SPARK_WIDTH = 160;
    static final int SPARK_HEIGHT = 32;

    private ReportHtml() {}

    static String render(Report r) {
        StringBuilder h = new StringBuilder(8192);
        String heading = r.title() + " · " + r.date();
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(esc(heading)).append("</title><style>").append(CSS).append("</style></head><body>\n");
        h.append("<header><h1>").append(esc(heading)).append("</h1><p class=\"period\">统计时段：")
                .append(TIME.format(r.periodStart())).append(" — ").append(TIME.format(r.periodEnd()))
                .append("（北京时间） · 生成于 ").append(TIME.format(r.generatedAt()))
                .append(r.complete() ? "" : " · <b>进行中</b>：统计截至生成时间").append("</p></header>\n");

        h.append("<section class=\"summary\"><h2>概况</h2><p>重点话题 <b>").append(r.items().size())
                .append("</b> 个；预警 <b>").append(r.firstReports() + r.followUps()).append("</b> 条（首报 ")
                .append(r.firstReports()).append("，续报 ").append(r.followUps()).append("）");
        long rumors = r.items().stream().filter(Report.Item::rumorSuspected).count();
        if (rumors > 0) {
            h.append("；其中 <b>").append(rumors).append("</b> 个疑似不实，宜先核实");
        }
        h.append("。</p><ul class=\"levels\">");
        for (int i = RiskLevel.values().length - 1; i >= 0; i--) {
            RiskLevel l = RiskLevel.values()[i];
            h.append("<li><span class=\"badge ").append(l.json()).append("\">").append(l.chinese()).append("</span> 话题 ")
                    .append(r.topicsByLevel().getOrDefault(l.json(), 0)).append(" · 预警 ")
                    .append(r.alertsByLevel().getOrDefault(l.json(), 0)).append("</li>");
        }
        h.append("<li><span class=\"badge none\">未预警</span> 热度 ≥ ").append(num(r.minHeat())).append(" 的话题 ")
                .append(r.topicsByLevel().getOrDefault(ReportBuilder.NO_LEVEL, 0)).append("</li></ul>");
        if (r.truncated()) {
            h.append("<p class=\"note\">本时段数据量超过单份报告的上限，仅列出最重要的话题。</p>");
        }
        h.append("</section>\n<section><h2>重点话题</h2>");
        if (r.items().isEmpty()) {
            h.append("<p class=\"empty\">本时段没有预警，也没有热度达到阈值的话题。</p>");
        } else {
            h.append("<table><thead><tr><th>序号</th><th>标题</th><th>领域</th><th>级别</th><th>预警</th><th>峰值发帖/作者</th>")
                    .append("<th>峰值热度</th><th>趋势</th></tr></thead><tbody>\n");
            for (Report.Item i : r.items()) {
                row(h, i);
            }
            h.append("</tbody></table>");
        }
        h.append("</section>\n<footer>舆情雷达 Yuqing Radar · 发帖与作者数为单个 10 分钟窗口的峰值 · 趋势为每")
                .append("daily".equals(r.kind()) ? "小时" : "6 小时").append("的最高热度</footer>\n</body></html>\n");
        return h.toString();
    }

    private static void row(StringBuilder h, Report.Item i) {
        h.append("<tr><td class=\"num\">").append(i.rank()).append("</td><td><a href=\"").append(esc(i.link()))
                .append("\">").append(esc(i.title())).append("</a>");
        if (i.rumorSuspected()) {
            h.append(" <span class=\"badge rumor\" title=\"疑似不实指数 ").append(String.format(Locale.ROOT, "%.2f", i.rumorScore()))
                    .append("\">疑似不实</span>");
        }
        if (!i.keywords().isEmpty()) {
            h.append("<div class=\"kw\">").append(esc(String.join(" · ", i.keywords()))).append("</div>");
        }
        h.append("<div class=\"api\">").append(esc(i.apiLink())).append("</div></td><td>")
                .append(i.category() == null ? "—" : "<span class=\"tag\">" + esc(i.categoryCn()) + "</span>")
                .append("</td><td>");
        if (i.level() == null) {
            h.append("<span class=\"badge none\">未预警</span>");
        } else {
            h.append("<span class=\"badge ").append(i.level().json()).append("\">").append(esc(i.levelCn()))
                    .append("</span>");
        }
        h.append("</td><td>");
        if (i.alerts() > 0) {
            h.append(i.alerts()).append(" 条<div class=\"kw\">首报 ").append(TIME.format(i.firstReportAt())).append("</div>");
        } else {
            h.append("—");
        }
        h.append("</td><td class=\"num\">").append(i.peakPosts()).append(" / ").append(i.peakAuthors())
                .append("</td><td class=\"num\">").append(num(i.peakHeat())).append("</td><td>")
                .append(sparkline(i.trend(), i.level() == null ? "#555" : LEVEL_COLOURS.get(i.level().json())))
                .append("</td></tr>\n");
    }

    /** An inline SVG polyline scaled to the series' own maximum; a flat line when all is 0. */
    static String sparkline(List<Double> values, String colour) {
        StringBuilder s = new StringBuilder("<svg class=\"spark\" width=\"").append(SPARK_WIDTH).append("\" height=\"")
                .append(SPARK_HEIGHT).append("\" viewBox=\"0 0 ").append(SPARK_WIDTH).append(' ').append(SPARK_HEIGHT)
                .append("\" role=\"img\" aria-label=\"热度趋势\"><polyline fill=\"none\" stroke=\"").append(colour)
                .append("\" stroke-width=\"1.5\" points=\"");
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        int n = values.size();
        for (int k = 0; k < n; k++) {
            double x = n == 1 ? SPARK_WIDTH / 2.0 : k * (SPARK_WIDTH - 2) / (double) (n - 1) + 1;
            double y = SPARK_HEIGHT - 2 - (max <= 0 ? 0 : values.get(k) / max * (SPARK_HEIGHT - 4));
            s.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        return s.append("\"/></svg>").toString();
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.1f", d);
    }

    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Zen Hei",sans-serif;\
            margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
            h1{font-size:1.6em;margin:0}h2{font-size:1.2em;border-bottom:2px solid #333;padding-bottom:.2em}
            .period,.kw,.api,footer{color:#666;font-size:.85em}.api{font-family:monospace}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em;text-align:left;\
            vertical-align:top}th{background:#f3f3f3;white-space:nowrap}td.num{text-align:right;white-space:nowrap}
            .badge{display:inline-block;padding:.1em .5em;border-radius:3px;color:#fff;font-size:.85em;white-space:nowrap}
            .badge.blue{background:#1e6fd9}.badge.yellow{background:#d4a106}.badge.orange{background:#e8710a}
            .badge.red{background:#d11a2a}.badge.none{background:#888}.badge.rumor{background:#7b3fa0}
            .tag{display:inline-block;padding:.05em .4em;border:1px solid #999;border-radius:3px;font-size:.85em;\
            white-space:nowrap;color:#444}
            ul.levels{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1.2em}
            a{color:#0645ad;text-decoration:none}footer{margin-top:2em}
            @media print{body{margin:0;max-width:none}a{color:#000}tr{break-inside:avoid}\
            th{background:none}.badge{border:1px solid #000;color:#000;background:none!important}}
            """;
}
