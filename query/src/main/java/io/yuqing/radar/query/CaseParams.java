package io.yuqing.radar.query;

import io.yuqing.radar.schemas.CaseStatus;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.RiskLevel;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A validated {@code GET /api/v1/cases}: the ledger (台账), newest opened first.
 *
 * @param status   only cases in this status, or null
 * @param unit     only cases assigned to this unit (exact name), or null
 * @param overdue  only overdue cases (true) or only cases on time (false), or null for both
 * @param from     opened_at at or after, or null
 * @param to       opened_at strictly before, or null
 */
public record CaseParams(CaseStatus status, RiskLevel level, Category category, String unit, Boolean overdue,
                         Instant from, Instant to, int page, int size) {
    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public int offset() {
        return page * size;
    }

    public static CaseParams parse(Function<String, String> param) {
        CaseStatus status = null;
        String s = param.apply("status");
        if (s != null && !s.isBlank()) {
            String want = s.strip().toLowerCase(Locale.ROOT);
            status = Arrays.stream(CaseStatus.values()).filter(x -> x.json().equals(want)).findFirst()
                    .orElseThrow(() -> ApiException.badParameter("status must be one of " + Arrays.stream(CaseStatus.values())
                            .map(CaseStatus::json).collect(Collectors.joining(", "))));
        }
        String unit = param.apply("unit");
        unit = unit == null || unit.isBlank() ? null : unit.strip();
        if (unit != null && unit.length() > 200) {
            throw ApiException.badParameter("unit must be at most 200 characters");
        }
        Boolean overdue = null;
        String o = param.apply("overdue");
        if (o != null && !o.isBlank()) {
            overdue = switch (o.strip().toLowerCase(Locale.ROOT)) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                default -> throw ApiException.badParameter("overdue must be true or false");
            };
        }
        SearchParams.Window w = SearchParams.window(param, DEFAULT_SIZE, MAX_SIZE);
        return new CaseParams(status, AlertParams.level(param), AlertParams.category(param), unit, overdue, w.from(),
                w.to(), w.page(), w.size());
    }
}
