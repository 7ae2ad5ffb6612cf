package io.yuqing.radar.local.feed;

import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Post;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The demo's own data: invented Chinese social posts as Post contract JSON, the same for the same
 * {@link Config} (seed and start time). Background chatter flows at a steady rate; planted events
 * ({@link EventPlan}) rise, peak and fade on top of it; a small share of records is spoilt
 * ({@link Config#malformedShare()}) so the dead-letter path has work. Event time advances one
 * {@link Config#tick()} at a time; the feed ends after {@link Config#duration()}, or never when
 * that is null.
 */
public final class PostGenerator implements PostFeed {
    private static final int AUTHORS = 50_000;
    /** Bits of a schedule entry that name its source (0 = background, i = event i-1). */
    private static final int SOURCE_BITS = 8;

    /**
     * @param seed                 same seed (and start) → same posts
     * @param start                event time of the first tick
     * @param backgroundPerMinute  everyday posts per minute of event time
     * @param events               planted events, offsets from {@code start}
     * @param tick                 how far event time advances per step; posts spread evenly within it
     * @param malformedShare       share of records spoilt on purpose (0.002 = 0.2 %)
     * @param duration             event time covered, or null for an endless feed
     */
    public record Config(long seed, Instant start, double backgroundPerMinute, List<EventPlan> events,
                         Duration tick, double malformedShare, Duration duration) {
        public Config {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(tick, "tick");
            events = List.copyOf(events);
            if (backgroundPerMinute < 0 || malformedShare < 0 || malformedShare > 1 || tick.toMillis() < 1) {
                throw new IllegalArgumentException("bad generator config " + backgroundPerMinute + "/min, share "
                        + malformedShare + ", tick " + tick);
            }
            if (events.size() >= (1 << SOURCE_BITS) - 1) {
                throw new IllegalArgumentException("at most " + ((1 << SOURCE_BITS) - 2) + " events");
            }
        }

        /** Seed 42, starting now, 300 posts/min, {@link EventPlan#defaults()}, 1 s ticks, 0.2 % spoilt, endless. */
        public static Config defaults() {
            return new Config(42, Instant.now().truncatedTo(ChronoUnit.SECONDS), 300, EventPlan.defaults(),
                    Duration.ofSeconds(1), 0.002, null);
        }

        public Config withSeed(long v) { return new Config(v, start, backgroundPerMinute, events, tick, malformedShare, duration); }
        public Config withStart(Instant v) { return new Config(seed, v, backgroundPerMinute, events, tick, malformedShare, duration); }
        public Config withBackgroundPerMinute(double v) { return new Config(seed, start, v, events, tick, malformedShare, duration); }
        public Config withEvents(List<EventPlan> v) { return new Config(seed, start, backgroundPerMinute, v, tick, malformedShare, duration); }
        public Config withTick(Duration v) { return new Config(seed, start, backgroundPerMinute, events, v, malformedShare, duration); }
        public Config withMalformedShare(double v) { return new Config(seed, start, backgroundPerMinute, events, tick, v, duration); }
        public Config withDuration(Duration v) { return new Config(seed, start, backgroundPerMinute, events, tick, malformedShare, v); }
    }

    /** What was planted where and when, for the demo's banner and for checking alerts against. */
    public record PlantedEventInfo(EventKind kind, String region, String subject, Instant start, Instant peak,
                                   Instant end) {
        @Override
        public String toString() {
            return kind.label() + " · " + subject + " (" + region + ") " + Json.formatTime(start) + " → peak "
                    + Json.formatTime(peak) + " → end " + Json.formatTime(end);
        }
    }

    private final Config config;
    private final SplittableRandom rng;
    private final BackgroundChatter background;
    private final List<PlantedEvent> events;
    private final Instant end;
    private final ArrayDeque<FeedRecord> batch = new ArrayDeque<>();
    /** Source of each record in {@link #batch}, same order; read by tests that score what the stack found. */
    private final ArrayDeque<Integer> batchSources = new ArrayDeque<>();
    private int lastSource = -1;
    private long[] schedule = new long[256];
    private Instant tickStart;
    private boolean finished;

    public PostGenerator(Config config) {
        this.config = config;
        this.rng = new SplittableRandom(config.seed());
        Lexicon lexicon = Lexicon.builtIn();
        AuthorPool authors = new AuthorPool(rng.split(), lexicon, AUTHORS);
        PostFactory factory = new PostFactory(rng.split(), Long.toString(config.start().getEpochSecond(), 36));
        this.background = new BackgroundChatter(rng.split(), lexicon, authors, factory);
        this.events = new ArrayList<>(config.events().size());
        Set<String> usedCities = new HashSet<>();
        for (EventPlan plan : config.events()) {
            Lexicon.Region region = placeOf(plan, lexicon, usedCities);
            events.add(new PlantedEvent(plan, config.start(), region, rng.split(), lexicon, authors, factory));
        }
        this.end = config.duration() == null ? null : config.start().plus(config.duration());
        this.tickStart = config.start();
    }

    public Config config() {
        return config;
    }

    public List<PlantedEventInfo> plantedEvents() {
        return events.stream().map(PlantedEvent::info).toList();
    }

    @Override
    public boolean hasNext() {
        while (batch.isEmpty() && !finished) {
            nextTick();
        }
        return !batch.isEmpty();
    }

    @Override
    public FeedRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException("generator ended at " + tickStart);
        }
        lastSource = batchSources.poll();
        return batch.poll();
    }

    /**
     * Which source made the record {@link #next()} returned last: -1 for everyday chatter, else
     * the index of its planted event in {@link #plantedEvents()}. Ground truth for measuring the
     * detector on the demo stream; the posts themselves carry no trace of it.
     */
    int lastSource() {
        return lastSource;
    }

    @Override
    public void close() {
        finished = true;
        batch.clear();
        batchSources.clear();
    }

    /**
     * Draws how many posts each source makes in this tick, spreads them over the tick, and makes
     * them in time order, so a repost never precedes what it reposts.
     */
    private void nextTick() {
        if ((end != null && !tickStart.isBefore(end)) || nothingLeft()) {
            finished = true;
            return;
        }
        long tickMillis = config.tick().toMillis();
        double minutes = tickMillis / 60_000.0;
        Instant middle = tickStart.plusMillis(tickMillis / 2);
        int n = 0;
        n = plan(n, 0, Draw.poisson(rng, config.backgroundPerMinute() * minutes), tickMillis);
        for (int i = 0; i < events.size(); i++) {
            PlantedEvent e = events.get(i);
            double mean = e.peakPerMinute() * e.intensity(middle) * minutes;
            n = plan(n, i + 1, Draw.poisson(rng, mean), tickMillis);
        }
        Arrays.sort(schedule, 0, n);
        for (int k = 0; k < n; k++) {
            long entry = schedule[k];
            Instant at = tickStart.plusMillis(entry >>> SOURCE_BITS);
            if (end != null && !at.isBefore(end)) {
                break;
            }
            int source = (int) (entry & ((1 << SOURCE_BITS) - 1));
            Post post = source == 0 ? background.next(at) : events.get(source - 1).next(at);
            batch.add(rng.nextDouble() < config.malformedShare()
                    ? Malformer.spoil(post, rng)
                    : new FeedRecord(at, post.id(), Json.toBytes(post)));
            batchSources.add(source - 1);
        }
        tickStart = tickStart.plusMillis(tickMillis);
    }

    private int plan(int n, int source, int count, long tickMillis) {
        if (n + count > schedule.length) {
            schedule = Arrays.copyOf(schedule, Math.max(schedule.length * 2, n + count));
        }
        for (int i = 0; i < count; i++) {
            schedule[n++] = (rng.nextLong(tickMillis) << SOURCE_BITS) | source;
        }
        return n;
    }

    /** An endless feed with no background and every event over would spin forever. */
    private boolean nothingLeft() {
        if (config.backgroundPerMinute() > 0) {
            return false;
        }
        for (PlantedEvent e : events) {
            if (!e.isOver(tickStart)) {
                return false;
            }
        }
        return true;
    }

    private Lexicon.Region placeOf(EventPlan plan, Lexicon lexicon, Set<String> used) {
        List<Lexicon.Region> regions = lexicon.regions();
        if (plan.city() != null) {
            for (Lexicon.Region r : regions) {
                if (r.city().equals(plan.city())) {
                    used.add(r.city());
                    return r;
                }
            }
            throw new IllegalArgumentException("unknown city '" + plan.city() + "' (use one of the lexicon's regions)");
        }
        Lexicon.Region r;
        int tries = 0;
        do {
            r = regions.get(rng.nextInt(regions.size()));
        } while (!used.add(r.city()) && ++tries < 20);
        return r;
    }
}
