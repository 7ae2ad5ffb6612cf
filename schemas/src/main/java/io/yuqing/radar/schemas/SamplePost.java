package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A representative post of a topic: id, link and a short excerpt of its text. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SamplePost(String id, String url, String excerpt) {}
