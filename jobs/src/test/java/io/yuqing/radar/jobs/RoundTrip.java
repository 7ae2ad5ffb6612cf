package io.yuqing.radar.jobs;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A record through the serializer Flink would use for its type, as the tests of the binary forms need it. */
public final class RoundTrip {
    private RoundTrip() {}

    /** {@code record} written and read back by the serializer of {@code type}, every byte read. */
    public static <T> T of(TypeInformation<T> type, T record) throws IOException {
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(record, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = s.deserialize(in);
        assertThat(in.available()).as("bytes left after reading").isZero();
        return back;
    }

    /**
     * {@code records} written one after the other by one serializer of {@code type} and read back by
     * another, as the two ends of a shuffle (so a serializer's memos are exercised), every byte read.
     */
    public static <T> List<T> ofAll(TypeInformation<T> type, List<T> records) throws IOException {
        TypeSerializer<T> writer = type.createSerializer(new SerializerConfigImpl());
        TypeSerializer<T> reader = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (T r : records) {
            writer.serialize(r, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<T> back = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            back.add(reader.deserialize(in));
        }
        assertThat(in.available()).as("bytes left after reading").isZero();
        return back;
    }

    /** As {@link #of}, and {@code copy(in, out)} (Flink's move of a record it does not read) gives the same bytes. */
    public static <T> T withCopy(TypeInformation<T> type, T record) throws IOException {
        T back = of(type, record);
        TypeSerializer<T> s = type.createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        s.serialize(record, out);
        DataOutputSerializer copied = new DataOutputSerializer(out.length()); // copy(in, out) of a stream does not grow it
        s.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        return back;
    }
}
