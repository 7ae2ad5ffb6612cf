package io.yuqing.radar.schemas;

import com.fasterxml.jackson.databind.JsonNode;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Builds a contract record with every component set to a placeholder (non-null, non-empty), so
 * that the mapper writes every field it can write. Values are not meant to be valid, only present.
 */
final class FullRecords {
    private FullRecords() {}

    static <T extends Record> T of(Class<T> type) {
        RecordComponent[] components = type.getRecordComponents();
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            args[i] = placeholder(components[i].getGenericType(), components[i].getName());
        }
        try {
            Constructor<T> c = type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
            return c.newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object placeholder(Type type, String name) {
        if (type instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            Type[] args = pt.getActualTypeArguments();
            if (raw == List.class) {
                return List.of(placeholder(args[0], name));
            }
            if (raw == Map.class) {
                if (args[1] == JsonNode.class) {
                    return Map.of(); // Post.extra: unknown fields, none in a plain record
                }
                return Map.of("weibo", placeholder(args[1], name));
            }
            throw new IllegalArgumentException("no placeholder for " + type);
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            return "x";
        }
        if (c == Instant.class) {
            return Instant.parse("2026-07-12T00:00:00Z");
        }
        if (c == long.class || c == Long.class) {
            return 1L;
        }
        if (c == int.class || c == Integer.class) {
            return 1;
        }
        if (c == double.class || c == Double.class) {
            return 0.5;
        }
        if (c == boolean.class || c == Boolean.class) {
            return Boolean.TRUE;
        }
        if (c.isEnum()) {
            return c.getEnumConstants()[0];
        }
        if (c.isRecord()) {
            return of((Class) c);
        }
        throw new IllegalArgumentException("no placeholder for " + type + " (" + name + ")");
    }
}
