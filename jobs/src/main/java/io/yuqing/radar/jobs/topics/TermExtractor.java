package io.yuqing.radar.jobs.topics;

import io.yuqing.radar.jobs.enrich.TextAnalyzer;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.PostCues;
import io.yuqing.radar.schemas.EnrichedPost;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms a post is counted under: its hashtags, keywords (its content terms when it has no
 * keywords), and the places and organisations it names, at most {@code maxTermsPerPost}, each
 * once. People's names are left out on purpose: the system tracks topics, not individuals.
 */
public final class TermExtractor implements FlatMapFunction<EnrichedPost, TermMention> {
    private final int maxTerms;
    private final String lexiconFile;
    private transient JudgementLexicon lexicon;

    /**
     * @param lexiconFile the operator's judgement lexicon, added to the shipped one; null or blank: none
     */
    public TermExtractor(int maxTerms, String lexiconFile) {
        this.maxTerms = maxTerms;
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

    @Override
    public void flatMap(EnrichedPost p, Collector<TermMention> out) {
        List<String> terms = terms(p, maxTerms);
        if (terms.isEmpty()) {
            return;
        }
        if (lexicon == null) {
            lexicon = JudgementLexicon.load(lexiconFile);
        }
        PostDigest d = PostDigest.of(p, terms, PostCues.of(p, lexicon));
        for (String t : terms) {
            out.collect(new TermMention(t, d));
        }
    }
}
