package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.EnrichedPost;

import java.util.List;

/**
 * What the terms operator needs of a post: its terms ({@link TermExtractor#terms}), its digest
 * without judgement cues, and the text the cues are found in once the lexicon in force is known.
 * Made from the post where it enters the job, so that the whole post, as JSON, need not cross to
 * the operator that the lexicon's broadcast meets (writing and reading it there was about a
 * twentieth of the job's time, TopicsJobBench's profile).
 *
 * @param terms   the terms the post is counted under, at least one
 * @param digest  the post's digest, its {@code cues} null
 * @param cueText the text its cues are found in
 */
public record PostTerms(List<String> terms, PostDigest digest, PostCues.Text cueText) {
    public PostTerms {
        terms = List.copyOf(terms);
    }

    /** The terms of {@code p} (at most {@code maxTerms}), or null when it has none: such a post is counted under nothing. */
    public static PostTerms of(EnrichedPost p, int maxTerms) {
        List<String> terms = TermExtractor.terms(p, maxTerms);
        return terms.isEmpty() ? null : new PostTerms(terms, PostDigest.of(p, terms, null), PostCues.Text.of(p));
    }

    /** The post's digest with its cues as {@code lexicon} finds them. */
    public PostDigest judged(JudgementLexicon lexicon) {
        return digest.withCues(PostCues.of(cueText, lexicon));
    }
}
