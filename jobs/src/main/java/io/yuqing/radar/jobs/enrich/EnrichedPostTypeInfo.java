package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.jobs.ImmutableRecordTypeInfo;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Entities;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Sentiment;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Flink type information for the enriched posts on their way through the enrich job (enrichment →
 * near-duplicate fingerprint → the assigner's keyed shuffle): a binary form instead of the contract
 * JSON. As JSON every post was written and parsed again at the shuffle, its two timestamps parsed
 * with it: {@code JsonTypeInfo} was 16.5 % of the job's CPU samples once HanLP's work was memoised
 * (StackThroughput's profile, bench/README.md).
 *
 * <p>For stream records only. Savepoints hold no records in flight (they are aligned), so this may
 * change between versions; the assigner's state (pending posts, reposts waiting for their source)
 * keeps the JSON form, which survives upgrades. A field added to {@link EnrichedPost},
 * {@link Author} or {@link Entities} must be added here: {@code EnrichedPostTypeInfoTest} fails
 * until it is.
 */
public final class EnrichedPostTypeInfo extends ImmutableRecordTypeInfo<EnrichedPost> {
    public static final EnrichedPostTypeInfo INSTANCE = new EnrichedPostTypeInfo();
    private static final Platform[] PLATFORMS = Platform.values();
    private static final Sentiment[] SENTIMENTS = Sentiment.values();
    private static final Emotion[] EMOTIONS = Emotion.values();

    private EnrichedPostTypeInfo() {
        super(EnrichedPost.class, Serializer.INSTANCE);
    }

    public static final class Serializer extends ImmutableRecordTypeInfo.Serializer<EnrichedPost> {
        static final Serializer INSTANCE = new Serializer();

        @Override
        public void serialize(EnrichedPost p, DataOutputView out) throws IOException {
            StringValue.writeString(p.id(), out);
            ordinal(out, p.platform());
            StringValue.writeString(p.text(), out);
            StringValue.writeString(p.title(), out);
            instant(out, p.createdAt());
            Author a = p.author();
            out.writeBoolean(a != null);
            if (a != null) {
                StringValue.writeString(a.id(), out);
                StringValue.writeString(a.name(), out);
                out.writeBoolean(a.followers() != null);
                if (a.followers() != null) {
                    out.writeLong(a.followers());
                }
                out.writeByte(a.verified() == null ? -1 : a.verified() ? 1 : 0);
            }
            StringValue.writeString(p.url(), out);
            out.writeLong(p.reposts());
            out.writeLong(p.comments());
            out.writeLong(p.likes());
            StringValue.writeString(p.repostOf(), out);
            StringValue.writeString(p.region(), out);
            StringValue.writeString(p.lang(), out);
            strings(out, p.terms());
            strings(out, p.keywords());
            strings(out, p.hashtags());
            strings(out, p.mentions());
            strings(out, p.urls());
            strings(out, p.entities().places());
            strings(out, p.entities().organizations());
            strings(out, p.entities().people());
            ordinal(out, p.sentiment());
            out.writeBoolean(p.sentimentScore() != null);
            if (p.sentimentScore() != null) {
                out.writeDouble(p.sentimentScore());
            }
            StringValue.writeString(p.simhash(), out);
            StringValue.writeString(p.dupCluster(), out);
            instant(out, p.enrichedAt());
            StringValue.writeString(p.province(), out);
            StringValue.writeString(p.city(), out);
            strings(out, p.emojis());
            strings(out, p.phrases());
            ordinal(out, p.emotion());
            StringValue.writeString(p.sentimentModel(), out);
            StringValue.writeString(p.repostText(), out);
        }

        @Override
        public EnrichedPost deserialize(DataInputView in) throws IOException {
            String id = StringValue.readString(in);
            Platform platform = ordinal(in, PLATFORMS);
            String text = StringValue.readString(in);
            String title = StringValue.readString(in);
            Instant createdAt = instant(in);
            Author author = null;
            if (in.readBoolean()) {
                String authorId = StringValue.readString(in);
                String name = StringValue.readString(in);
                Long followers = in.readBoolean() ? in.readLong() : null;
                byte verified = in.readByte();
                author = new Author(authorId, name, followers, verified < 0 ? null : verified == 1);
            }
            String url = StringValue.readString(in);
            long reposts = in.readLong();
            long comments = in.readLong();
            long likes = in.readLong();
            String repostOf = StringValue.readString(in);
            String region = StringValue.readString(in);
            String lang = StringValue.readString(in);
            List<String> terms = strings(in);
            List<String> keywords = strings(in);
            List<String> hashtags = strings(in);
            List<String> mentions = strings(in);
            List<String> urls = strings(in);
            Entities entities = new Entities(strings(in), strings(in), strings(in));
            Sentiment sentiment = ordinal(in, SENTIMENTS);
            Double sentimentScore = in.readBoolean() ? in.readDouble() : null;
            String simhash = StringValue.readString(in);
            String dupCluster = StringValue.readString(in);
            Instant enrichedAt = instant(in);
            String province = StringValue.readString(in);
            String city = StringValue.readString(in);
            List<String> emojis = strings(in);
            List<String> phrases = strings(in);
            Emotion emotion = ordinal(in, EMOTIONS);
            String sentimentModel = StringValue.readString(in);
            String repostText = StringValue.readString(in);
            return new EnrichedPost(id, platform, text, title, createdAt, author, url, reposts, comments, likes,
                    repostOf, region, lang, terms, keywords, hashtags, mentions, urls, entities, sentiment,
                    sentimentScore, simhash, dupCluster, enrichedAt, province, city, emojis, phrases, emotion,
                    sentimentModel, repostText);
        }

        private static void strings(DataOutputView out, List<String> xs) throws IOException {
            out.writeInt(xs.size());
            for (String x : xs) {
                StringValue.writeString(x, out);
            }
        }

        private static List<String> strings(DataInputView in) throws IOException {
            int n = in.readInt();
            List<String> xs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                xs.add(StringValue.readString(in));
            }
            return xs;
        }

        private static void ordinal(DataOutputView out, Enum<?> e) throws IOException {
            out.writeByte(e == null ? -1 : e.ordinal());
        }

        private static <E extends Enum<E>> E ordinal(DataInputView in, E[] values) throws IOException {
            int i = in.readByte();
            return i < 0 ? null : values[i];
        }


        @Override
        public TypeSerializerSnapshot<EnrichedPost> snapshotConfiguration() {
            return new Snapshot();
        }
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EnrichedPost> {
        /** For Flink, which instantiates snapshots reflectively. */
        public Snapshot() {
            super(() -> Serializer.INSTANCE);
        }
    }
}
