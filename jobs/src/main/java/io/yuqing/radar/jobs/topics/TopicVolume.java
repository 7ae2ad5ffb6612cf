package io.yuqing.radar.jobs.topics;

import java.util.ArrayList;
import java.util.List;

/**
 * A topic's posts per slide over the last hour, and per clock hour before that for a day: what
 * the 1 h and 24 h views of a snapshot are summed from. A snapshot's own counts are over its
 * window (10 minutes); windows overlap, so adding them up would count each post ten times. The
 * posts of each slide are instead estimated from the window's sample (its share of sampled posts
 * created in that slide, times the window's post count), and a slide seen by several windows
 * keeps its largest estimate (later windows may hold terms that burst later). About 85 numbers
 * per live topic, whatever its volume.
 *
 * @param lastSlide   index (time / slide) of the newest slide in {@code slides}
 * @param slides      posts per slide for the slides up to {@code lastSlide}, oldest first, at most
 *                    one hour of them
 * @param firstHour   index (time / 1 h) of the first entry of {@code hours}
 * @param hours       posts per clock hour of the slides that have left {@code slides}, at most 24
 */
public record TopicVolume(long lastSlide, List<Long> slides, long firstHour, List<Long> hours) {
    static final long HOUR_MILLIS = 3_600_000L;
    static final int DAY_HOURS = 24;

    public static final TopicVolume EMPTY = new TopicVolume(Long.MIN_VALUE, List.of(), 0, List.of());

    public TopicVolume {
        slides = slides == null ? List.of() : List.copyOf(slides);
        hours = hours == null ? List.of() : List.copyOf(hours);
    }

    /**
     * Adds the posts of one window's slides.
     *
     * @param endSlide  index of the window's last slide (window end / slide - 1)
     * @param perSlide  estimated posts of the window's slides, oldest first, the last being {@code endSlide}
     */
    public TopicVolume observe(long endSlide, long[] perSlide, long slideMillis) {
        int ring = slidesPerHour(slideMillis);
        List<Long> s = new ArrayList<>(slides);
        long last = lastSlide;
        long fh = firstHour;
        List<Long> h = new ArrayList<>(hours);
        if (s.isEmpty()) {
            last = endSlide - perSlide.length + 1 - 1;
        }
        // grow the ring to endSlide; slides that leave it go to their clock hour
        while (last < endSlide) {
            s.add(0L);
            last++;
            while (s.size() > ring) {
                long slide = last - s.size() + 1;
                long posts = s.remove(0);
                long hour = Math.floorDiv(slide * slideMillis, HOUR_MILLIS);
                if (h.isEmpty()) {
                    fh = hour;
                }
                while (fh + h.size() <= hour) {
                    h.add(0L);
                }
                if (hour >= fh) {
                    h.set((int) (hour - fh), h.get((int) (hour - fh)) + posts);
                }
                while (h.size() > DAY_HOURS) {
                    h.remove(0);
                    fh++;
                }
            }
        }
        for (int i = 0; i < perSlide.length; i++) {
            long slide = endSlide - perSlide.length + 1 + i;
            int at = (int) (slide - (last - s.size() + 1));
            if (at >= 0 && at < s.size()) {
                s.set(at, Math.max(s.get(at), perSlide[i]));
            }
        }
        return new TopicVolume(last, s, fh, h);
    }

    /** Posts of the last hour: the slides up to {@link #lastSlide}. */
    public long lastHour() {
        return slides.stream().mapToLong(Long::longValue).sum();
    }

    /** Posts of the last 24 hours, to the hour: the last hour plus the clock hours before it, back to a day. */
    public long lastDay(long slideMillis) {
        long total = lastHour();
        if (slides.isEmpty()) {
            return total;
        }
        long dayStartHour = Math.floorDiv((lastSlide + 1) * slideMillis - DAY_HOURS * HOUR_MILLIS, HOUR_MILLIS);
        for (int i = 0; i < hours.size(); i++) {
            long hour = firstHour + i;
            if (hour >= dayStartHour) { // every bucket holds only slides older than the ring
                total += hours.get(i);
            }
        }
        return total;
    }

    static int slidesPerHour(long slideMillis) {
        return (int) Math.max(1, (HOUR_MILLIS + slideMillis - 1) / slideMillis);
    }
}
