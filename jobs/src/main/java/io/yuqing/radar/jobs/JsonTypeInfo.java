package io.yuqing.radar.jobs;

import io.yuqing.radar.schemas.Json;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;
import java.util.Objects;

/**
 * Flink type information for the contract records, serialised as their contract JSON.
 *
 * <p>Flink would treat the records' list and map fields as generic types and fall back to Kryo,
 * which on JDK 17 needs {@code --add-opens} and whose bytes change with class layout. The contract
 * JSON is already versioned ("extend, never break"), so state and network buffers written with it
 * survive upgrades the same way Kafka messages do.
 */
public final class JsonTypeInfo<T> extends ImmutableRecordTypeInfo<T> {
    private JsonTypeInfo(Class<T> type) {
        super(type, new Serializer<>(type));
    }

    public static <T> JsonTypeInfo<T> of(Class<T> type) {
        return new JsonTypeInfo<>(type);
    }

    @Override public String toString() { return "Json<" + getTypeClass().getSimpleName() + ">"; }
    @Override public boolean equals(Object o) { return o instanceof JsonTypeInfo<?> j && j.getTypeClass() == getTypeClass(); }
    @Override public int hashCode() { return getTypeClass().hashCode(); }
    @Override public boolean canEqual(Object o) { return o instanceof JsonTypeInfo; }

    public static final class Serializer<T> extends ImmutableRecordTypeInfo.Serializer<T> {
        private final Class<T> type;

        Serializer(Class<T> type) {
            this.type = type;
        }

        @Override
        public void serialize(T record, DataOutputView target) throws IOException {
            byte[] json = Json.toBytes(record);
            target.writeInt(json.length);
            target.write(json);
        }

        @Override
        public T deserialize(DataInputView source) throws IOException {
            byte[] json = new byte[source.readInt()];
            source.readFully(json);
            return Json.fromBytes(json, type);
        }

        @Override
        public void copy(DataInputView source, DataOutputView target) throws IOException {
            int n = source.readInt();
            target.writeInt(n);
            target.write(source, n);
        }

        @Override public boolean equals(Object o) { return o instanceof Serializer<?> s && s.type == type; }
        @Override public int hashCode() { return Objects.hash(Serializer.class, type); }

        @Override
        public TypeSerializerSnapshot<T> snapshotConfiguration() {
            return new Snapshot<>(type);
        }
    }

    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private Class<T> type;

        /** For Flink, which instantiates snapshots reflectively before {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override public int getCurrentVersion() { return 1; }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        @SuppressWarnings("unchecked")
        public void readSnapshot(int version, DataInputView in, ClassLoader loader) throws IOException {
            String name = in.readUTF();
            try {
                type = (Class<T>) Class.forName(name, false, loader);
            } catch (ClassNotFoundException e) {
                throw new IOException("state holds " + name + ", which is not on the classpath", e);
            }
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new Serializer<>(type);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot<T> s && s.type == type
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
