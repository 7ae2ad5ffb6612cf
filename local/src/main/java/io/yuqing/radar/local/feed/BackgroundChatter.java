package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Author;
import io.yuqing.radar.schemas.Platform;
import io.yuqing.radar.schemas.Post;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Everyday talk over many subjects (天气, 美食, 通勤 …) at a steady rate. Subjects are drawn
 * uniformly all the time, so their common words stay common and never look like a burst; Weibo
 * reposts pass earlier Weibo chatter around.
 */
final class BackgroundChatter {
    private static final double REPOST_SHARE = 0.18;
    private static final double REGION_SHARE = 0.35;
    private static final Template REPOST_COMMENT = Template.parse(
            "{||||转发微博|转发微博|转发微博|哈哈哈|同感|mark|说得对|[赞]|真的|关注|//@{nick}:{feel}|{feel}{tail}}");

    private final SplittableRandom rng;
    private final Lexicon lexicon;
    private final AuthorPool authors;
    private final PostFactory factory;
    private final List<String> subjects;
    private final Template.Slots slots;
    private final RecentPosts recent = new RecentPosts(4096);
    private final StringBuilder text = new StringBuilder(128);

    BackgroundChatter(SplittableRandom rng, Lexicon lexicon, AuthorPool authors, PostFactory factory) {
        this.rng = rng;
        this.lexicon = lexicon;
        this.authors = authors;
        this.factory = factory;
        this.subjects = lexicon.subjects();
        this.slots = lexicon.slots(Map.of());
    }

    Post next(Instant at) {
        Author author = authors.anyone(rng);
        String region = rng.nextDouble() < REGION_SHARE
                ? lexicon.regions().get(rng.nextInt(lexicon.regions().size())).label() : null;
        text.setLength(0);
        if (!recent.isEmpty() && rng.nextDouble() < REPOST_SHARE) {
            RecentPosts.Source source = recent.pick(rng);
            REPOST_COMMENT.render(rng, slots, text);
            return factory.build(factory.newId(Platform.WEIBO), Platform.WEIBO, text.toString(), at, author,
                    source.id(), source.text(), region, 1.0);
        }
        List<Template> templates = lexicon.chatter(subjects.get(rng.nextInt(subjects.size())));
        templates.get(rng.nextInt(templates.size())).render(rng, slots, text);
        Platform platform = factory.anyPlatform();
        String id = factory.newId(platform);
        String words = text.toString();
        if (platform == Platform.WEIBO) {
            recent.add(id, words, platform); // reposting (转发) with repost_of is a Weibo thing
        }
        return factory.build(id, platform, words, at, author, null, null, region, 1.0);
    }
}
