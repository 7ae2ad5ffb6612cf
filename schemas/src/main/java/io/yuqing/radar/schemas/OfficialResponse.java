package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An official statement on a case: where it was published (channel, e.g. 官方微博, 政府网站,
 * 新闻发布会), its link and its text (口径). A 辟谣 (verified_false) is one too, whose link is required.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfficialResponse(String channel, String url, String text) {}
