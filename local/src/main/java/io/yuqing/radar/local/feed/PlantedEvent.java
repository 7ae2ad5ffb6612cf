package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One planted event while it runs: its names (city, restaurant chain, estate …) bound once, and the
 * posts it produces. Early on, eyewitness posts on Weibo in the event's city; as it grows, talk,
 * official statements, reposts and copy-paste copies spread to other platforms and regions; after
 * the peak, follow-ups. Tone is mostly negative by construction of the templates.
 */
final class PlantedEvent {
    private static final int SEEDS = 32;
    private static final Template REPOST_COMMENT = Template.parse(
            "{|||转发微博|转发微博|关注|{spread}|{neg}|{demand}|//@{nick}:{neg}|[怒]|[泪]|蹲后续|{hashtag}{neg}}");
    private static final Template COPY = Template.parse("{copy_head}");
    private static final Template COPY_TAIL = Template.parse("{copy_tail}");

    private final EventPlan plan;
    private final Instant start;
    private final Instant peak;
    private final Instant end;
    private final Lexicon.Region region;
    private final String subject;
    private final Map<String, String> bindings = new HashMap<>();
    private final Template.Slots slots;
    private final SplittableRandom rng;
    private final Lexicon lexicon;
    private final AuthorPool authors;
    private final PostFactory factory;
    /** The first posts, which most reposts go back to: a cascade has a few roots. */
    private final List<RecentPosts.Source> seeds = new ArrayList<>(SEEDS);
    private final RecentPosts recent = new RecentPosts(512);
    private final StringBuilder text = new StringBuilder(160);

    PlantedEvent(EventPlan plan, Instant generatorStart, Lexicon.Region region, SplittableRandom rng,
                 Lexicon lexicon, AuthorPool authors, PostFactory factory) {
        this.plan = plan;
        this.start = generatorStart.plus(plan.startOffset());
        this.peak = generatorStart.plus(plan.peakOffset());
        this.end = generatorStart.plus(plan.endOffset());
        this.region = region;
        this.rng = rng;
        this.lexicon = lexicon;
        this.authors = authors;
        this.factory = factory;
        String city = region.city();
        bindings.put("city", city);
        bindings.put("province", region.province());
        bindings.put("district", lexicon.pick("district", rng));
        bindings.put("road", lexicon.pick("road_name", rng) + (rng.nextBoolean() ? "路" : "大道"));
        bindings.put("station", lexicon.pick("road_name", rng) + "路站");
        bindings.put("highway", lexicon.pick("highway", rng));
        bindings.put("chain", lexicon.pick("chain_head", rng) + lexicon.pick("chain_tail", rng));
        bindings.put("hospital", city + lexicon.pick("hospital_head", rng) + "医院");
        bindings.put("school", city + lexicon.pick("school_kind", rng));
        bindings.put("estate", lexicon.pick("estate_head", rng) + lexicon.pick("estate_tail", rng));
        bindings.put("developer", lexicon.pick("estate_head", rng) + lexicon.pick("dev_tail", rng));
        bindings.put("hashtag", "");
        this.subject = switch (plan.kind()) {
            case RAINSTORM -> city;
            case FOOD_SAFETY -> bindings.get("chain");
            case MEDICAL_DISPUTE -> bindings.get("hospital");
            case CAMPUS_INCIDENT -> bindings.get("school");
            case TRAFFIC_ACCIDENT -> city + bindings.get("road");
            case OWNERS_PROTEST -> city + bindings.get("estate");
        };
        this.slots = lexicon.slots(bindings);
    }

    PostGenerator.PlantedEventInfo info() {
        return new PostGenerator.PlantedEventInfo(plan.kind(), region.label(), subject, start, peak, end);
    }

    /** Share of peak volume at {@code t}. */
    double intensity(Instant t) {
        return plan.intensity(Duration.between(start, t).toMillis() / 1000.0);
    }

    double peakPerMinute() {
        return plan.peakPerMinute();
    }

    boolean isOver(Instant t) {
        return !t.isBefore(end);
    }

    Post next(Instant at) {
        double sinceStart = Duration.between(start, at).toMillis() / 1000.0;
        double grown = Math.min(1.0, sinceStart / (plan.rise().toMillis() / 1000.0));
        boolean afterPeak = at.isAfter(peak);
        double boost = 1.0 + 4.0 * intensity(at);
        bindings.put("hashtag", rng.nextDouble() < 0.6 ? render(Lexicon.Role.HASHTAG) : "");

        double u = rng.nextDouble();
        if (grown >= 0.3 && !seeds.isEmpty()) {
            if (u < 0.33) {
                return repost(at, grown, boost);
            }
            if (u < 0.48) {
                return copy(at, grown, boost);
            }
        }
        Lexicon.Role role;
        if (grown < 0.3) {
            role = u < 0.75 ? Lexicon.Role.EARLY : Lexicon.Role.TALK;
        } else if (u < 0.54 && grown >= 0.4) {
            role = Lexicon.Role.OFFICIAL;
        } else if (afterPeak && u < 0.72) {
            role = Lexicon.Role.LATE;
        } else {
            role = Lexicon.Role.TALK;
        }
        String words = render(role);
        Author author;
        Platform platform;
        if (role == Lexicon.Role.OFFICIAL) {
            author = authors.official(rng, region.city());
            platform = rng.nextBoolean() ? Platform.WEIBO : rng.nextBoolean() ? Platform.NEWS : Platform.WECHAT;
        } else {
            author = authors.anyone(rng);
            platform = spreadPlatform(grown);
        }
        String id = factory.newId(platform);
        remember(id, words, platform);
        return factory.build(id, platform, words, at, author, null, null, region(grown), boost);
    }

    /** A formal repost of one of the event's posts: repost_of + repost_text, own words short or none. */
    private Post repost(Instant at, double grown, double boost) {
        RecentPosts.Source source = rng.nextDouble() < 0.6 || recent.isEmpty()
                ? seeds.get(rng.nextInt(seeds.size())) : recent.pick(rng);
        text.setLength(0);
        REPOST_COMMENT.render(rng, slots, text);
        return factory.build(factory.newId(Platform.WEIBO), Platform.WEIBO, text.toString(), at,
                authors.anyone(rng), source.id(), source.text(), region(grown), boost);
    }

    /** Copy-paste of an event post's text, often to another platform: what near-dup detection should find. */
    private Post copy(Instant at, double grown, double boost) {
        RecentPosts.Source source = rng.nextDouble() < 0.5 || recent.isEmpty()
                ? seeds.get(rng.nextInt(seeds.size())) : recent.pick(rng);
        text.setLength(0);
        COPY.render(rng, slots, text);
        text.append(source.text());
        COPY_TAIL.render(rng, slots, text);
        Platform platform = spreadPlatform(grown);
        return factory.build(factory.newId(platform), platform, text.toString(), at, authors.anyone(rng),
                null, null, region(grown), boost);
    }

    /** Weibo posts only: they are what gets reposted (转发) and copied around. */
    private void remember(String id, String words, Platform platform) {
        if (platform != Platform.WEIBO) {
            return;
        }
        if (seeds.size() < SEEDS) {
            seeds.add(new RecentPosts.Source(id, words, platform));
        }
        recent.add(id, words, platform);
    }

    private String render(Lexicon.Role role) {
        List<Template> templates = lexicon.event(plan.kind(), role);
        text.setLength(0);
        templates.get(rng.nextInt(templates.size())).render(rng, slots, text);
        return text.toString();
    }

    /** Weibo first; other platforms pick the story up as it grows. */
    private Platform spreadPlatform(double grown) {
        return rng.nextDouble() < 0.15 + 0.6 * grown ? factory.anyPlatform() : Platform.WEIBO;
    }

    /** The event's own place first; other places talk about it as it grows. */
    private String region(double grown) {
        if (rng.nextDouble() >= 0.7) {
            return null;
        }
        if (rng.nextDouble() < 1.0 - 0.65 * grown) {
            return region.label();
        }
        List<Lexicon.Region> all = lexicon.regions();
        return all.get(rng.nextInt(all.size())).label();
    }
}
