package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.RoundTrip;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.EnrichedPost;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The terms operator's input, made where the post enters the job and judged after the broadcast,
 * gives the digest the straightforward way gives ({@link PostDigest#of} with {@link PostCues#of}
 * over the whole post), on real Weibo posts, as originals and as reposts of each other.
 */
class PostTermsTest {
    private static final Instant AT = Instant.parse("2026-07-12T08:00:00Z");
    private final PostEnricher enricher = new PostEnricher(EnrichmentLimits.defaults());
    private final JudgementLexicon lexicon = JudgementLexicon.shipped();

    @Test
    void splitAndCarriedAcrossItGivesTheSameDigestOnRealPosts() throws Exception {
        List<String> lines = Fixtures.covidWeiboLines();
        List<EnrichedPost> originals = new ArrayList<>();
        for (int i = 1; i < lines.size() && originals.size() < 300; i++) {
            String[] f = lines.get(i).split("\t", 3);
            if (f.length == 3 && !f[2].isBlank()
                    && enricher.enrich(json("w" + i, f[2]), AT) instanceof EnrichOutcome.Enriched e) {
                originals.add(e.post());
            }
        }
        assertThat(originals).hasSize(300);
        int compared = 0;
        int cued = 0;
        int reactions = 0;
        for (int i = 0; i < originals.size(); i++) {
            EnrichedPost p = originals.get(i);
            EnrichedPost source = originals.get((i + 1) % originals.size());
            // a repost with a comment and the reposted text, one without the reposted text (its terms
            // stand in), and a plain repost (no words of its own)
            for (EnrichedPost q : List.of(p, repost(p, p.text(), source.text()), repost(p, p.text(), null),
                    repost(p, "", source.text()))) {
                List<String> terms = TermExtractor.terms(q, 12);
                PostTerms split = PostTerms.of(q, 12);
                if (terms.isEmpty()) {
                    assertThat(split).isNull();
                    continue;
                }
                PostDigest straight = PostDigest.of(q, terms, PostCues.of(q, lexicon));
                assertThat(RoundTrip.of(PostTermsTypeInfo.INSTANCE, split).judged(lexicon)).isEqualTo(straight);
                assertThat(RoundTrip.of(PostTermsTypeInfo.INSTANCE, split).terms()).isEqualTo(terms);
                compared++;
                cued += straight.cues().terms().isEmpty() ? 0 : 1;
                reactions += straight.cues().reaction() ? 1 : 0;
            }
        }
        // nearly every post and its reposts, and the cues not trivially empty
        assertThat(compared).isGreaterThan(900);
        assertThat(cued).isGreaterThan(100);
        assertThat(reactions).isGreaterThan(200);
    }

    /** A post's text may be longer than writeUTF's 64 KB; its cues' text must still cross. */
    @Test
    void aLongTextCrosses() throws Exception {
        String text = "武汉暴雨积水，地铁站进水。".repeat(3000);
        EnrichedPost p = new EnrichedPost("long", null, text, "标题", AT, new Author("u", null, null, false), null,
                0, 0, 0, "src", null, null, List.of("暴雨", "积水"), List.of("暴雨"), List.of(), List.of(), List.of(),
                null, null, null, null, null, AT, null, null, List.of(), List.of(), null, null, text);
        PostTerms t = PostTerms.of(p, 12);
        assertThat(RoundTrip.of(PostTermsTypeInfo.INSTANCE, t)).isEqualTo(t);
        assertThat(RoundTrip.of(PostTermsTypeInfo.INSTANCE, t).judged(lexicon)).isEqualTo(PostDigest.of(p, t.terms(), PostCues.of(p, lexicon)));
    }

    private static byte[] json(String id, String text) {
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
        return ("{\"id\":\"" + id + "\",\"platform\":\"weibo\",\"created_at\":\"" + AT + "\",\"text\":\"" + escaped + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static EnrichedPost repost(EnrichedPost p, String text, String repostText) {
        return new EnrichedPost(p.id() + "-rt", p.platform(), text, p.title(), p.createdAt(), p.author(), p.url(),
                p.reposts(), p.comments(), p.likes(), "src-" + p.id(), p.region(), p.lang(), p.terms(), p.keywords(),
                p.hashtags(), p.mentions(), p.urls(), p.entities(), p.sentiment(), p.sentimentScore(), p.simhash(),
                "dup-1", p.enrichedAt(), p.province(), p.city(), p.emojis(), p.phrases(), p.emotion(),
                p.sentimentModel(), repostText);
    }
}
