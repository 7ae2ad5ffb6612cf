package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.EnrichedPost;

import java.util.List;

/**
 * What the judgement needs of one post, found once when the post enters the topics job: the
 * lexicon terms in its text, and whether it is a reaction (a repost with words of its own) that
 * questions or denies what it reposts.
 *
 * @param terms       lexicon terms in the post's text and, for a repost, in the words it was
 *                    analysed by (the reposted text's), each once
 * @param told        the post has words of its own (an original, or a repost with a comment);
 *                    false for a plain repost, which only passes on what it reposts
 * @param reaction    a repost with words of its own
 * @param questioning those own words question or deny (rumor.question terms)
 * @param exclaims    exclamation marks in the text, at most {@value #MAX_EXCLAIMS}: alarm in the
 *                    telling is a mark of the unverified claim
 */
public record PostCues(List<String> terms, boolean told, boolean reaction, boolean questioning, int exclaims) {
    static final int MAX_EXCLAIMS = 5;

    public PostCues {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    public static PostCues of(EnrichedPost p, JudgementLexicon lexicon) {
        String text = p.text() == null ? "" : p.text();
        String title = p.title() == null || p.title().isBlank() ? "" : p.title() + "。";
        // a repost passes on its source's story, so it counts for the story's domain and signals as
        // the source does, whatever its comment says (a plain repost has only the story): the
        // reposted text itself, or where the feed did not give it, the terms the post was analysed by
        // (the reposted text's and its own words'; single characters such as 拐 in 被拐 are not terms)
        String reposted = p.repostText() != null && !p.repostText().isBlank() ? p.repostText()
                : String.join("", p.terms());
        String content = text.isBlank() ? reposted : text;
        String story = p.repostOf() != null && !text.isBlank() ? "\n" + reposted : "";
        List<String> terms = lexicon.find(title + content + story);
        boolean reaction = false;
        boolean questioning = false;
        if (p.repostOf() != null && !text.isBlank()) {
            // Weibo writes a repost as "own words//@earlier reposter: their words//…"
            int chain = text.indexOf("//");
            String own = (chain >= 0 ? text.substring(0, chain) : text).strip();
            reaction = !own.isEmpty();
            questioning = reaction && lexicon.weight(lexicon.find(own), "rumor.question") > 0;
        }
        int exclaims = 0;
        for (int i = 0; i < content.length() && exclaims < MAX_EXCLAIMS; i++) {
            char c = content.charAt(i);
            if (c == '!' || c == '！') {
                exclaims++;
            }
        }
        return new PostCues(terms, !text.isBlank(), reaction, questioning, exclaims);
    }
}
