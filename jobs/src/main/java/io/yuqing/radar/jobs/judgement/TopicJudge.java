package io.yuqing.radar.jobs.judgement;

import io.yuqing.radar.schemas.Category;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a topic from its posts: what it concerns, which content signals it carries, and how much
 * it reads like an unverified claim (疑似不实). Pure and deterministic; the topics job calls it for
 * every snapshot with the topic's tally over all its windows so far.
 *
 * <p><b>Category.</b> Each post weighs each domain by the lexicon terms it uses (weights summed,
 * capped at {@value JudgementTally#DOMAIN_CAP} a post); a domain's score is that weight per post,
 * counting {@value #PRIOR_POSTS} posts without domain terms in, so a topic's first few posts do not
 * decide what it is about on their own.
 * The topic's category is its best domain when the score, less {@value #NONE_PENALTY} × the score of
 * everyday-chatter terms ({@code category.none}), reaches {@value #MIN_STRENGTH}: a story told in a
 * domain's words, most of its posts using them; otherwise {@code none}. Confidence grows with that
 * strength and with the margin over the runner-up domain.
 *
 * <p>With a trained {@link CategoryModel} (an office's own labels, {@code topics.category-model}), the
 * topic's category is blended with the model's mean probabilities over its windows
 * ({@link CategoryModel#blend}): where the lexicon finds no domain, a model that is sure enough the
 * story is not chatter names it.
 *
 * <p><b>Rumour score</b> is a logistic function of the square roots of six shares, each documented
 * on {@link JudgementTally}: reactions that question or deny it (out of at least
 * {@value #MIN_REACTIONS}), hearsay markers, calls to spread, sourcing markers and exclamation in
 * the posts that tell it, and the original posts told by verified accounts (square roots, because a
 * few questioning voices among many reposts already say much). The seven weights were fitted once
 * by logistic regression on the development cascades' first hour (CED rumour/non-rumour labels,
 * two-fold accuracy 0.78) and are kept as constants, so the score means the same everywhere
 * (refitted when reposts with a comment began to carry their source's terms, and when the verified
 * share was added: 0.76 without it). Questioning and calls to spread weigh most; a story its
 * verified tellers vouch for weighs against (a CED story whose source account is verified is a
 * rumour in 31% of cases, another in 61%); sourcing markers lower it a little (rumours cite 记者
 * and 报道 nearly as often as news does).
 */
public final class TopicJudge {
    static final double MIN_STRENGTH = 1.0;
    static final double NONE_PENALTY = 0.5;
    static final int MIN_REACTIONS = 5;
    static final double PRIOR_POSTS = 40;
    static final int EVIDENCE_TERMS = 5;
    /** Bias, then weights of: questioning, claim, spread, sourced, exclaims, vouched. */
    static final double[] RUMOR_WEIGHTS = {-0.98, 9.9, 0.83, 3.41, -0.29, 1.88, -1.3};

    private TopicJudge() {}

    /** The judgement of a topic: its category with confidence and evidence, rumour score and signal shares. */
    public record Judgement(Category category, double confidence, List<String> evidence, double rumorScore,
                            Map<String, Double> signals) {
        public Judgement {
            evidence = List.copyOf(evidence);
            signals = Map.copyOf(signals);
        }
    }

    /**
     * @param tally  the topic's evidence over all its windows
     * @param window this window's sampled posts, for the evidence terms shown
     */
    public static Judgement judge(JudgementTally tally, List<PostCues> window, JudgementLexicon lexicon) {
        Category best = Category.NONE;
        double bestScore = 0;
        double second = 0;
        for (Category c : Category.values()) {
            if (c == Category.NONE) {
                continue;
            }
            double s = tally.domain(c, PRIOR_POSTS);
            if (s > bestScore) {
                second = bestScore;
                bestScore = s;
                best = c;
            } else if (s > second) {
                second = s;
            }
        }
        double strength = bestScore - NONE_PENALTY * tally.domain(Category.NONE, PRIOR_POSTS);
        Category category;
        double confidence;
        if (best != Category.NONE && strength >= MIN_STRENGTH) {
            category = best;
            confidence = Math.min(1, strength / (2 * MIN_STRENGTH)) * bestScore / (bestScore + second);
        } else {
            category = Category.NONE;
            confidence = 1 - 0.5 * Math.max(0, strength) / MIN_STRENGTH;
        }
        Judgement j = new Judgement(category, round(confidence), evidence(category, window, lexicon),
                round(rumorScore(tally)), signals(tally));
        if (tally.modelWindows() > 0) {
            Judgement blended = CategoryModel.blend(j, tally.modelMean());
            if (blended.category() != j.category()) {
                j = new Judgement(blended.category(), blended.confidence(), evidence(blended.category(), window, lexicon),
                        j.rumorScore(), j.signals());
            }
        }
        return j;
    }

    static double rumorScore(JudgementTally t) {
        double[] x = rumorFeatures(t);
        double z = RUMOR_WEIGHTS[0];
        for (int i = 0; i < x.length; i++) {
            z += RUMOR_WEIGHTS[i + 1] * x[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    /** The rumour score's inputs: square roots of the questioning, claim, spread, sourced, exclaim and vouched shares. */
    public static double[] rumorFeatures(JudgementTally t) {
        return new double[] {
                Math.sqrt(t.questioning() / Math.max(t.reactions(), MIN_REACTIONS)),
                Math.sqrt(share(t.claim(), t.told())),
                Math.sqrt(share(t.spread(), t.told())),
                Math.sqrt(share(t.sourced(), t.told())),
                Math.sqrt(share(t.exclaims(), t.told())),
                Math.sqrt(share(t.vouched(), t.originals()))};
    }

    /** Share of posts per content signal, present ones only; questioning is out of the reactions. */
    static Map<String, Double> signals(JudgementTally t) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Signal s : Signal.values()) {
            double share = s == Signal.QUESTIONING
                    ? t.questioning() / Math.max(t.reactions(), MIN_REACTIONS)
                    : share(t.signals().getOrDefault(s.json(), 0.0), t.posts());
            if (round(share) > 0) {
                out.put(s.json(), round(share));
            }
        }
        return out;
    }

    /** The category's terms the window's posts use most (by posts using them), at most {@value #EVIDENCE_TERMS}. */
    static List<String> evidence(Category category, List<PostCues> window, JudgementLexicon lexicon) {
        if (category == Category.NONE) {
            return List.of();
        }
        String section = "category." + category.json();
        Map<String, Integer> uses = new HashMap<>();
        for (PostCues c : window) {
            for (String t : c.terms()) {
                if (lexicon.entries(t).stream().anyMatch(e -> e.section().equals(section))) {
                    uses.merge(t, 1, Integer::sum);
                }
            }
        }
        List<Map.Entry<String, Integer>> ranked = new ArrayList<>(uses.entrySet());
        ranked.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()));
        return ranked.stream().limit(EVIDENCE_TERMS).map(Map.Entry::getKey).toList();
    }

    private static double share(double part, double whole) {
        return whole <= 0 ? 0 : part / whole;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
