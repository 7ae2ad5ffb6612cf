package io.yuqing.radar.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The hand-written OpenAPI 3.1 description of this service, a resource next to this class. It
 * is read once at start so a packaging mistake fails the start, not the first request.
 */
final class OpenApiDocument {
    static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {}

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource io/yuqing/radar/query/" + RESOURCE + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
