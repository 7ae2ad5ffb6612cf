package io.yuqing.radar.connectors.elasticsearch;

import java.io.Serializable;

/**
 * One document to index under an explicit id: writing it again replaces it, so a replay after
 * recovery never duplicates a document.
 *
 * @param json the document source, UTF-8 JSON
 */
public record EsDocument(String index, String id, byte[] json) implements Serializable {}
