package io.yuqing.radar.query;

import io.yuqing.radar.schemas.DeadlineKind;
import io.yuqing.radar.schemas.RiskLevel;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The monthly bulletin as one printable page, like the daily report: no script, inline styles only,
 * every string from data HTML-escaped (titles come from posts written by anyone).
 */
final class MonthlyBulletinHtml {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(ReportPeriod.CHINA);
    private static final Map<String, String> DEADLINES = Map.of(
            "acknowledge", DeadlineKind.ACKNOWLEDGE.chinese(), "respond", DeadlineKind.RESPOND.chinese(),
            "close", DeadlineKind.CLOSE.chinese());
    private static final Map<String, String> STATUS = Map.of("met_late", "逾期完成（迟报）", "missed", "逾期未完成");

    private MonthlyBulletinHtml() {}

    static String render(MonthlyBulletin b) {
        StringBuilder h = new StringBuilder(8192);
        String heading = "舆情办理情况月度通报 · " + b.month();
        h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(ReportHtml.esc(heading)).append("</title><style>").append(CSS)
                .append("</style></head><body>\n<header><h1>").append(ReportHtml.esc(heading))
                .append("</h1><p class=\"period\">统计时段：").append(TIME.format(b.periodStart())).append(" — ")
                .append(TIME.format(b.periodEnd())).append("（北京时间） · 生成于 ").append(TIME.format(b.generatedAt()))
                .append(b.complete() ? "" : " · <b>进行中</b>：统计截至生成时间").append("</p></header>\n");
        h.append("<section><h2>概况</h2><p>本月新立案件 <b>").append(b.opened()).append("</b> 件，办结 <b>")
                .append(b.closed()).append("</b> 件；当前逾期未办 <b>").append(b.overdue().size()).append("</b> 件。</p><ul>");
        for (int i = RiskLevel.values().length - 1; i >= 0; i--) {
            RiskLevel l = RiskLevel.values()[i];
            h.append("<li><span class=\"badge ").append(l.json()).append("\">").append(l.chinese()).append("</span> 立案 ")
                    .append(b.openedByLevel().getOrDefault(l.json(), 0)).append(" 件</li>");
        }
        h.append("</ul><p>平均用时：签收 ").append(hours(b.meanHoursToAcknowledge())).append("，官方回应 ")
                .append(hours(b.meanHoursToRespond())).append("，办结 ").append(hours(b.meanHoursToClose())).append("。</p>");
        if (b.truncated()) {
            h.append("<p class=\"note\">本月案件数超过单份通报的上限，统计仅含前一部分。</p>");
        }
        h.append("</section>\n");
        table(h, "按时办理率 · 按时限", b.onTimeByDeadline(), DEADLINES);
        table(h, "按时办理率 · 按级别", b.onTimeByLevel(), Map.of("blue", "一般", "yellow", "较大", "orange", "重大", "red", "特别重大"));
        table(h, "按时办理率 · 按责任单位", b.onTimeByUnit(), Map.of());
        lines(h, "逾期未办（督办中）", b.overdue(), "无逾期未办案件。");
        lines(h, "逾期情况（迟报、逾期未完成）", b.late(), "本月各项时限均按时完成。");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void table(StringBuilder h, String title, Map<String, MonthlyBulletin.OnTime> rows, Map<String, String> names) {
        h.append("<section><h2>").append(ReportHtml.esc(title)).append("</h2>");
        if (rows.isEmpty()) {
            h.append("<p class=\"empty\">本月没有到期的时限。</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th></th><th>按时</th><th>迟报</th><th>逾期未完成</th><th>按时率</th></tr></thead><tbody>");
        rows.forEach((k, v) -> h.append("<tr><td>").append(ReportHtml.esc(names.getOrDefault(k, k))).append("</td><td>")
                .append(v.onTime()).append("</td><td>").append(v.late()).append("</td><td>").append(v.missed())
                .append("</td><td>").append(v.rate() == null ? "—" : String.format(Locale.ROOT, "%.0f%%", v.rate() * 100))
                .append("</td></tr>"));
        h.append("</tbody></table></section>\n");
    }

    private static void lines(StringBuilder h, String title, List<MonthlyBulletin.Line> lines, String empty) {
        h.append("<section><h2>").append(ReportHtml.esc(title)).append("</h2>");
        if (lines.isEmpty()) {
            h.append("<p class=\"empty\">").append(empty).append("</p></section>\n");
            return;
        }
        h.append("<table><thead><tr><th>案件</th><th>级别</th><th>责任单位</th><th>时限</th><th>到期</th><th>完成</th>")
                .append("<th>情况</th><th>督办</th></tr></thead><tbody>");
        for (MonthlyBulletin.Line l : lines) {
            h.append("<tr><td>").append(ReportHtml.esc(l.title())).append("<br><small>").append(ReportHtml.esc(l.caseId()))
                    .append("</small></td><td><span class=\"badge ").append(ReportHtml.esc(l.level())).append("\">")
                    .append(ReportHtml.esc(levelCn(l.level()))).append("</span></td><td>").append(ReportHtml.esc(l.unit()))
                    .append("</td><td>").append(ReportHtml.esc(DEADLINES.getOrDefault(l.deadline(), l.deadline())))
                    .append("</td><td>").append(TIME.format(l.dueAt())).append("</td><td>")
                    .append(l.doneAt() == null ? "—" : TIME.format(l.doneAt())).append("</td><td>")
                    .append(ReportHtml.esc(STATUS.getOrDefault(l.status(), l.status()))).append("</td><td>")
                    .append(l.reminders()).append("</td></tr>");
        }
        h.append("</tbody></table></section>\n");
    }

    private static String levelCn(String level) {
        for (RiskLevel l : RiskLevel.values()) {
            if (l.json().equals(level)) {
                return l.chinese();
            }
        }
        return level;
    }

    private static String hours(Double h) {
        return h == null ? "—" : String.format(Locale.ROOT, "%.1f 小时", h);
    }

    private static final String CSS = """
            body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2em auto;max-width:60em;color:#222}
            h1{font-size:1.5em;margin:0}h2{font-size:1.15em;border-bottom:1px solid #ccc;padding-bottom:.2em}
            .period{color:#555}.note{color:#a40}.empty{color:#777}
            table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e4e4e4;padding:.35em .5em;text-align:left;vertical-align:top}
            small{color:#777}ul{list-style:none;padding:0}li{display:inline-block;margin-right:1.2em}
            .badge{display:inline-block;padding:0 .45em;border-radius:3px;color:#fff;font-size:.9em}
            .badge.blue{background:#1e6fd9}.badge.yellow{background:#d4a106}.badge.orange{background:#e8710a}.badge.red{background:#d11a2a}
            @media print{body{margin:0}section{break-inside:avoid}}
            """;
}
