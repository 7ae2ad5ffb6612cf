package io.yuqing.radar.connectors.kafka;

import io.yuqing.radar.schemas.Json;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;

/** Writes a contract record as UTF-8 JSON to one topic, keyed as the contract says. */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, byte[]> json;

    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key) {
        this(topic, key, Json::toBytes);
    }

    /** @param json the record's contract JSON where it is already written ({@code PostJson::json}) */
    public JsonRecordSerializer(String topic, SerializableFunction<T, String> key, SerializableFunction<T, byte[]> json) {
        this.topic = topic;
        this.key = key;
        this.json = json;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(topic, null, timestamp,
                k == null ? null : k.getBytes(StandardCharsets.UTF_8), json.apply(element));
    }
}
