package io.yuqing.radar.jobs;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.time.Instant;

/**
 * Flink type information for an immutable record that its own {@link Serializer} writes: the
 * contract JSON ({@link JsonTypeInfo}), or a hand-written binary form for a shuffle where JSON
 * cost too much. A subclass gives the record's class and its serializer, which writes and reads
 * the record and gives Flink its snapshot.
 *
 * <p>A serializer is stateless unless it says otherwise by overriding {@link Serializer#duplicate()}
 * to return a fresh instance (one that keeps memos between records, as
 * {@link io.yuqing.radar.jobs.topics.TermMentionTypeInfo}'s); each {@link #createSerializer} call
 * gets its own duplicate, so a stateful one is never shared between threads.
 */
public abstract class ImmutableRecordTypeInfo<T> extends TypeInformation<T> {
    private final Class<T> type;
    private final Serializer<T> serializer;

    protected ImmutableRecordTypeInfo(Class<T> type, Serializer<T> serializer) {
        this.type = type;
        this.serializer = serializer;
    }

    @Override public boolean isBasicType() { return false; }
    @Override public boolean isTupleType() { return false; }
    @Override public int getArity() { return 1; }
    @Override public int getTotalFields() { return 1; }
    @Override public Class<T> getTypeClass() { return type; }
    @Override public boolean isKeyType() { return false; }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override public String toString() { return type.getSimpleName() + "(binary)"; }
    @Override public boolean equals(Object o) { return o != null && o.getClass() == getClass(); }
    @Override public int hashCode() { return getClass().hashCode(); }
    @Override public boolean canEqual(Object o) { return o != null && o.getClass() == getClass(); }

    /**
     * Records are immutable, so copies are the instance itself. Stateless by default, so
     * {@link #duplicate()} is the instance itself too; a subclass that keeps state between records
     * must override it to return a fresh instance (Flink then gives each thread its own).
     */
    public abstract static class Serializer<T> extends TypeSerializer<T> {
        @Override public boolean isImmutableType() { return true; }
        @Override public TypeSerializer<T> duplicate() { return this; }
        @Override public T createInstance() { return null; }
        @Override public T copy(T from) { return from; }
        @Override public T copy(T from, T reuse) { return from; }
        @Override public int getLength() { return -1; }

        @Override
        public T deserialize(T reuse, DataInputView in) throws IOException {
            return deserialize(in);
        }

        @Override
        public void copy(DataInputView in, DataOutputView out) throws IOException {
            serialize(deserialize(in), out);
        }

        @Override public boolean equals(Object o) { return o != null && o.getClass() == getClass(); }
        @Override public int hashCode() { return getClass().hashCode(); }

        /** A nullable instant in the binary forms: present, then seconds and nanos. */
        protected static void instant(DataOutputView out, Instant t) throws IOException {
            out.writeBoolean(t != null);
            if (t != null) {
                out.writeLong(t.getEpochSecond());
                out.writeInt(t.getNano());
            }
        }

        protected static Instant instant(DataInputView in) throws IOException {
            return in.readBoolean() ? Instant.ofEpochSecond(in.readLong(), in.readInt()) : null;
        }
    }
}
