package io.yuqing.radar.jobs.enrich.dedup;

import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sets each post's SimHash and, for an original post with enough content, sends its
 * {@value NearDuplicateIndex#BANDS} band probes to the side output. Stateless; chained to the
 * enrichment operator, so the post itself is not serialised here.
 */
public final class FingerprintFunction extends ProcessFunction<EnrichedPost, EnrichedPost> {
    public static final OutputTag<BandProbe> PROBES =
            new OutputTag<>("near-duplicate-probes", TypeInformation.of(BandProbe.class));

    private transient SimHash simHash;

    @Override
    public void open(OpenContext openContext) {
        simHash = new SimHash();
    }

    @Override
    public void processElement(EnrichedPost post, Context ctx, Collector<EnrichedPost> out) {
        Fingerprint f = Fingerprint.of(simHash, post);
        if (f == null) {
            out.collect(post);
            return;
        }
        out.collect(post.withNearDuplicate(SimHash.hex(f.simhash()), null));
        if (!NearDuplicates.isRepost(post)) {
            for (int band = 0; band < NearDuplicateIndex.BANDS; band++) {
                ctx.output(PROBES, new BandProbe(NearDuplicateIndex.bandKey(f.simhash(), band), post.id(),
                        f.simhash(), f.time()));
            }
        }
    }

    /** A post's fingerprint and event time, or null when its text is too thin to fingerprint. */
    record Fingerprint(long simhash, long time) {
        static Fingerprint of(SimHash simHash, EnrichedPost post) {
            String text = post.text();
            if (text == null || text.isEmpty()) {
                return null;
            }
            long h = simHash.hash(text);
            if (simHash.contentChars() < NearDuplicates.MIN_CONTENT_CHARS) {
                return null;
            }
            return new Fingerprint(h, post.createdAt() == null ? 0L : post.createdAt().toEpochMilli());
        }
    }
}
