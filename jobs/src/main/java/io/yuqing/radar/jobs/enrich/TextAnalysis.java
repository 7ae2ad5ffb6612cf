package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Entities;

import java.util.List;

/**
 * What segmentation found in one text.
 *
 * @param terms    content words in text order (duplicates kept, so counts are term frequencies)
 * @param keywords the most characteristic distinct terms, best first
 * @param phrases  two content nouns side by side ({@code 排水系统}), in order, unique
 */
public record TextAnalysis(List<String> terms, List<String> keywords, Entities entities, List<String> phrases) {}
