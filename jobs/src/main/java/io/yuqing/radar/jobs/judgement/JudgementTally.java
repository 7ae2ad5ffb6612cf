package io.yuqing.radar.jobs.judgement;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yuqing.radar.schemas.Category;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A topic's judgement evidence summed over its windows, so its category and rumour score rest on
 * everything seen of it, not on the last ten minutes (a topic that is plainly a fire in its first
 * hour does not turn into chatter when its reposts start joking). Sliding windows overlap, so a post
 * is summed once per window it is in: every post alike, which leaves the shares as they are.
 *
 * @param posts      posts summed
 * @param domains    per category code, the summed capped domain weight of those posts
 * @param signals    per signal with lexicon terms, the posts carrying it
 * @param told       posts with words of their own (originals and reactions; not plain reposts),
 *                   the base of the claim, sourced and exclaim shares
 * @param reactions  reposts with words of their own
 * @param questioning reactions that question or deny
 * @param claim      summed capped weight of hearsay markers in told posts
 * @param spread     summed capped weight of calls to spread in told posts
 * @param sourced    summed capped weight of sourcing markers in told posts
 * @param exclaims   summed capped exclamation marks in told posts
 * @param originals  posts of their own with words, not reposts (the story told in someone's name)
 * @param vouched    those of them by accounts the platform has verified
 * @param model      per category code, a trained {@link CategoryModel}'s probabilities summed over the
 *                   windows it judged the topic's story in (empty without a model)
 * @param modelWindows the windows summed in {@code model}
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record JudgementTally(double posts, Map<String, Double> domains, Map<String, Double> signals, double told,
                             double reactions, double questioning, double claim, double spread, double sourced,
                             double exclaims, double originals, double vouched, Map<String, Double> model,
                             double modelWindows) {
    public static final JudgementTally EMPTY = new JudgementTally(0, Map.of(), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0, 0,
            Map.of(), 0);
    /** A post's domain weight counts up to this: one post stuffed with terms is one post. */
    static final double DOMAIN_CAP = 5;
    static final double CLAIM_CAP = 4;
    static final double SPREAD_CAP = 3;
    static final double SOURCED_CAP = 4;

    public JudgementTally {
        domains = domains == null ? Map.of() : Map.copyOf(domains);
        signals = signals == null ? Map.of() : Map.copyOf(signals);
        model = model == null ? Map.of() : Map.copyOf(model);
    }

    /** The evidence of one window's sampled posts. */
    public static JudgementTally of(List<PostCues> posts, JudgementLexicon lexicon) {
        Category[] categories = Category.values();
        Signal[] kinds = Signal.values();
        double[] domains = new double[categories.length];
        double[] signals = new double[kinds.length];
        // one post's sums, reused
        double[] postDomains = new double[categories.length];
        double[] postSignals = new double[kinds.length];
        double told = 0, reactions = 0, questioning = 0, claim = 0, spread = 0, sourced = 0, exclaims = 0;
        double originals = 0, vouched = 0;
        int spreading = Signal.CALL_TO_SPREAD.ordinal();
        for (PostCues c : posts) {
            Arrays.fill(postDomains, 0);
            Arrays.fill(postSignals, 0);
            double postClaim = 0, postSourced = 0;
            for (String term : c.terms()) {
                JudgementLexicon.Weights w = lexicon.weights(term);
                if (w == null) {
                    continue;
                }
                for (int i = 0; i < postDomains.length; i++) {
                    postDomains[i] += w.categories()[i];
                }
                for (int i = 0; i < postSignals.length; i++) {
                    postSignals[i] += w.signals()[i];
                }
                postClaim += w.claim();
                postSourced += w.sourced();
            }
            for (int i = 0; i < domains.length; i++) {
                domains[i] += Math.min(postDomains[i], DOMAIN_CAP);
            }
            for (int i = 0; i < signals.length; i++) {
                signals[i] += postSignals[i] > 0 ? 1 : 0;
            }
            if (c.reaction()) {
                reactions++;
                questioning += c.questioning() ? 1 : 0;
            }
            if (c.told()) {
                told++;
                claim += Math.min(postClaim, CLAIM_CAP) / CLAIM_CAP;
                spread += Math.min(postSignals[spreading], SPREAD_CAP) / SPREAD_CAP;
                sourced += Math.min(postSourced, SOURCED_CAP) / SOURCED_CAP;
                exclaims += (double) c.exclaims() / PostCues.MAX_EXCLAIMS;
            }
            originals += c.original() ? 1 : 0;
            vouched += c.vouched() ? 1 : 0;
        }
        // a domain or signal no post has is absent, not 0 (lexicon weights are positive)
        Map<String, Double> domainMap = new TreeMap<>();
        for (int i = 0; i < domains.length; i++) {
            if (domains[i] > 0) {
                domainMap.put(categories[i].json(), domains[i]);
            }
        }
        Map<String, Double> signalMap = new TreeMap<>();
        for (int i = 0; i < signals.length; i++) {
            if (signals[i] > 0 && kinds[i] != Signal.QUESTIONING) {
                signalMap.put(kinds[i].json(), signals[i]);
            }
        }
        return new JudgementTally(posts.size(), domainMap, signalMap, told, reactions, questioning, claim, spread,
                sourced, exclaims, originals, vouched, Map.of(), 0);
    }

    public JudgementTally plus(JudgementTally o) {
        Map<String, Double> d = new TreeMap<>(domains);
        o.domains.forEach((k, v) -> d.merge(k, v, Double::sum));
        Map<String, Double> s = new TreeMap<>(signals);
        o.signals.forEach((k, v) -> s.merge(k, v, Double::sum));
        Map<String, Double> m = new TreeMap<>(model);
        o.model.forEach((k, v) -> m.merge(k, v, Double::sum));
        return new JudgementTally(posts + o.posts, d, s, told + o.told, reactions + o.reactions,
                questioning + o.questioning, claim + o.claim, spread + o.spread, sourced + o.sourced,
                exclaims + o.exclaims, originals + o.originals, vouched + o.vouched, m, modelWindows + o.modelWindows);
    }

    /** This tally with one window's category probabilities from a trained model. */
    public JudgementTally withModel(Map<Category, Double> probabilities) {
        Map<String, Double> m = new TreeMap<>(model);
        probabilities.forEach((c, p) -> m.merge(c.json(), p, Double::sum));
        return new JudgementTally(posts, domains, signals, told, reactions, questioning, claim, spread, sourced,
                exclaims, originals, vouched, m, modelWindows + 1);
    }

    /** The model's mean probability per category over the windows it judged; empty without a model. */
    Map<Category, Double> modelMean() {
        Map<Category, Double> out = new java.util.EnumMap<>(Category.class);
        if (modelWindows > 0) {
            model.forEach((k, v) -> out.put(Category.of(k), v / modelWindows));
        }
        return out;
    }

    /**
     * Capped domain weight per post of {@code c}, as if {@code prior} posts without any domain term
     * had been seen too: a topic's first few posts say little of what it is about, and a category
     * read off them alone would flip as the story fills in.
     */
    double domain(Category c, double prior) {
        return posts + prior <= 0 ? 0 : domains.getOrDefault(c.json(), 0.0) / (posts + prior);
    }
}
