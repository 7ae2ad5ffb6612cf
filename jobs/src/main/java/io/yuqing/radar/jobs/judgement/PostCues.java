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
 * @param original    a post of its own (not a repost) with words: the story told in someone's name
 * @param vouched     an original by an account the platform has verified: a news outlet, an office
 *                    or a known person telling the story in its own name. Stories first told by such
 *                    accounts are half as often rumours (CED: 31% of the events whose source account
 *                    is verified, 61% of the others)
 */
public record PostCues(List<String> terms, boolean told, boolean reaction, boolean questioning, int exclaims,
                       boolean original, boolean vouched) {
    static final int MAX_EXCLAIMS = 5;

    public PostCues {
        terms = terms == null ? List.of() : List.copyOf(terms);
    }

    public static PostCues of(EnrichedPost p, JudgementLexicon lexicon) {
        return of(Text.of(p), lexicon);
    }

    /**
     * The text of a post that its cues are found in, apart from the lexicon: the topics job takes
     * it from the post before the lexicon's broadcast meets the posts, so the whole post need not
     * cross to that operator.
     *
     * @param title    the post's title closed by 。, or "" without one
     * @param text     its text, "" without one
     * @param reposted the story a repost passes on (see {@link #of(Text, JudgementLexicon)}); "" where
     *                 the cues do not read it (a post with text of its own that is not a repost)
     * @param repost   the post is a repost
     * @param verified the post's author is verified by the platform
     */
    public record Text(String title, String text, String reposted, boolean repost, boolean verified) {
        public static Text of(EnrichedPost p) {
            String text = p.text() == null ? "" : p.text();
            String title = p.title() == null || p.title().isBlank() ? "" : p.title() + "。";
            boolean read = text.isBlank() || p.repostOf() != null;
            // a repost passes on its source's story, so it counts for the story's domain and signals as
            // the source does, whatever its comment says (a plain repost has only the story): the
            // reposted text itself, or where the feed did not give it, the terms the post was analysed by
            // (the reposted text's and its own words'; single characters such as 拐 in 被拐 are not terms)
            String reposted = !read ? ""
                    : p.repostText() != null && !p.repostText().isBlank() ? p.repostText() : String.join("", p.terms());
            return new Text(title, text, reposted, p.repostOf() != null,
                    p.author() != null && Boolean.TRUE.equals(p.author().verified()));
        }
    }

    public static PostCues of(Text t, JudgementLexicon lexicon) {
        String text = t.text();
        String content = text.isBlank() ? t.reposted() : text;
        String story = t.repost() && !text.isBlank() ? "\n" + t.reposted() : "";
        List<String> terms = lexicon.find(t.title() + content + story);
        boolean reaction = false;
        boolean questioning = false;
        if (t.repost() && !text.isBlank()) {
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
        boolean original = !t.repost() && !text.isBlank();
        return new PostCues(terms, !text.isBlank(), reaction, questioning, exclaims, original, original && t.verified());
    }
}
