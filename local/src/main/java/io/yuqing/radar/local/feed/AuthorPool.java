package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Author;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Invented accounts: nicknames from the lexicon ("晴天小鱼"), ids like "u10293", heavy-tailed
 * follower counts, and per city a few verified official media accounts ("武汉城市快讯"-style,
 * invented outlet names). Built once from the seed, so the same seed gives the same people.
 */
final class AuthorPool {
    private static final int OFFICIALS_PER_CITY = 2;

    private final Author[] people;
    private final Map<String, List<Author>> officialsByCity = new HashMap<>();
    private final List<Author> officials = new ArrayList<>();

    AuthorPool(SplittableRandom rng, Lexicon lexicon, int size) {
        people = new Author[size];
        for (int i = 0; i < size; i++) {
            long followers = (long) Math.min(30_000_000, Draw.pareto(rng, 80, 0.85));
            boolean verified = followers > 500_000 ? rng.nextDouble() < 0.7
                    : followers > 50_000 ? rng.nextDouble() < 0.2 : rng.nextDouble() < 0.01;
            people[i] = new Author("u" + (10_000 + i), lexicon.pick("nick", rng), followers, verified);
        }
        int n = 0;
        for (Lexicon.Region region : lexicon.regions()) {
            List<Author> here = new ArrayList<>(OFFICIALS_PER_CITY);
            String firstOutlet = null;
            for (int k = 0; k < OFFICIALS_PER_CITY; k++) {
                String outlet = lexicon.pick("outlet", rng);
                if (outlet.equals(firstOutlet)) {
                    outlet = outlet + "频道";
                }
                firstOutlet = outlet;
                long followers = (long) Math.min(30_000_000, Draw.pareto(rng, 100_000, 1.5));
                Author a = new Author("u" + (900_000 + n++), region.city() + outlet, followers, true);
                here.add(a);
                officials.add(a);
            }
            officialsByCity.put(region.city(), List.copyOf(here));
        }
    }

    /** An everyday account; low indexes come up more, so some people post a lot. */
    Author anyone(SplittableRandom rng) {
        double u = rng.nextDouble();
        return people[(int) (u * u * people.length)];
    }

    /** An official media account of {@code city}, or of anywhere when the city has none. */
    Author official(SplittableRandom rng, String city) {
        List<Author> here = officialsByCity.get(city);
        List<Author> from = here == null ? officials : here;
        return from.get(rng.nextInt(from.size()));
    }
}
