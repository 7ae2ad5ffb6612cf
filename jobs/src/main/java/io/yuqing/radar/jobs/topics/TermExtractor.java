package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.enrich.TextAnalyzer;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms a post is counted under: its hashtags, keywords (its content terms when it has no
 * keywords), and the places and organisations it names, at most {@code maxTermsPerPost}, each
 * once. People's names are left out on purpose: the system tracks topics, not individuals.
 *
 * <p>Each post's judgement cues are found here with the lexicon in force: the shipped one, the
 * operator's file, and the live updates broadcast from the lexicon topic ({@link LexiconUpdates};
 * the topic stage reports refused ones, this operator only skips them). The rest, which needs no
 * lexicon, is done where the post enters the job ({@link Prepare}, {@link PostTerms}).
 */
public final class TermExtractor extends BroadcastProcessFunction<PostTerms, RawRecord, TermMention> {
    private final String lexiconFile;
    /** The lexicon in force; null: to be built from the broadcast updates (at start, after a restore or an update). */
    private transient JudgementLexicon lexicon;

    /**
     * @param lexiconFile the operator's judgement lexicon, added to the shipped one; null or blank: none
     */
    public TermExtractor(String lexiconFile) {
        this.lexiconFile = lexiconFile;
    }

    public static List<String> terms(EnrichedPost p, int max) {
        Set<String> out = new LinkedHashSet<>();
        for (String h : p.hashtags()) {
            add(out, hashtagTerm(h), max);
        }
        for (String k : p.keywords().isEmpty() ? p.terms() : p.keywords()) {
            add(out, k, max);
        }
        for (String pl : p.entities().places()) {
            add(out, pl, max);
        }
        for (String o : p.entities().organizations()) {
            add(out, o, max);
        }
        return new ArrayList<>(out);
    }

    /** Bit i set when {@code terms[i]} is one of the post's hashtags, places or organisations (first 32 terms). */
    public static int names(EnrichedPost p, List<String> terms) {
        Set<String> names = new java.util.HashSet<>();
        p.hashtags().forEach(h -> names.add(hashtagTerm(h)));
        p.entities().places().forEach(x -> names.add(x.strip()));
        p.entities().organizations().forEach(x -> names.add(x.strip()));
        return mask(names, terms);
    }

    /** Bit i set when {@code terms[i]} is one of the post's organisations (first 32 terms). */
    public static int organizations(EnrichedPost p, List<String> terms) {
        Set<String> names = new java.util.HashSet<>();
        p.entities().organizations().forEach(x -> names.add(x.strip()));
        return mask(names, terms);
    }

    private static int mask(Set<String> names, List<String> terms) {
        int mask = 0;
        for (int i = 0; i < Math.min(terms.size(), 32); i++) {
            if (names.contains(terms.get(i))) {
                mask |= 1 << i;
            }
        }
        return mask;
    }

    /** #徐州暴雨# is counted as the term 徐州暴雨, #我是歌手!# as 我是歌手: a term is a word. */
    private static String hashtagTerm(String hashtag) {
        return hashtag.replaceAll("[^\\p{L}\\p{N}·]", "");
    }

    private static void add(Set<String> out, String term, int max) {
        if (term != null && out.size() < max) {
            String t = term.strip();
            // single characters carry no topic; a segment with a mark in it is a fragment of text
            // (心], 们吧!), and one from before the enrich job kept them out must not become a keyword
            if (t.length() >= 2 && TextAnalyzer.isWord(t)) {
                out.add(t);
            }
        }
    }

    /** The terms and digest of each post with terms ({@link PostTerms#of}), chained to the posts' source. */
    public static final class Prepare implements FlatMapFunction<EnrichedPost, PostTerms> {
        private final int maxTerms;

        public Prepare(int maxTerms) {
            this.maxTerms = maxTerms;
        }

        @Override
        public void flatMap(EnrichedPost p, Collector<PostTerms> out) {
            PostTerms t = PostTerms.of(p, maxTerms);
            if (t != null) {
                out.collect(t);
            }
        }
    }

    @Override
    public void processElement(PostTerms p, ReadOnlyContext ctx, Collector<TermMention> out) throws Exception {
        PostDigest d = p.judged(lexicon(ctx));
        for (String t : p.terms()) {
            out.collect(new TermMention(t, d));
        }
    }

    @Override
    public void processBroadcastElement(RawRecord update, Context ctx, Collector<TermMention> out) throws Exception {
        if (LexiconUpdates.accept(ctx.getBroadcastState(LexiconUpdates.STATE), update) == null) {
            lexicon = null;
        }
    }

    private JudgementLexicon lexicon(ReadOnlyContext ctx) throws Exception {
        if (lexicon == null) {
            lexicon = JudgementLexicon.load(lexiconFile, LexiconUpdates.inOrder(ctx.getBroadcastState(LexiconUpdates.STATE)));
        }
        return lexicon;
    }
}
