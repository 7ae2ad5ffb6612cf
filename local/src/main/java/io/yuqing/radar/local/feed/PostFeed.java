package io.yuqing.radar.local.feed;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * A stream of posts in event-time order (non-decreasing {@link FeedRecord#eventTime()}), to be
 * replayed into Kafka. Feeds may be endless (the generator) or backed by files and temp files
 * (the readers), so always close them.
 */
public interface PostFeed extends Iterator<FeedRecord>, AutoCloseable {

    /** Releases files; never throws a checked exception so feeds fit try-with-resources cheaply. */
    @Override
    void close();

    /** A feed over records already in memory, in the order given. */
    static PostFeed of(Iterable<FeedRecord> records) {
        Iterator<FeedRecord> it = records.iterator();
        return new PostFeed() {
            @Override public boolean hasNext() { return it.hasNext(); }
            @Override public FeedRecord next() { return it.next(); }
            @Override public void close() {}
        };
    }

    /** This feed, ending before the first record that fails {@code keepGoing}. */
    default PostFeed takeWhile(Predicate<FeedRecord> keepGoing) {
        PostFeed source = this;
        return new PostFeed() {
            private FeedRecord pending;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (pending == null && !done) {
                    if (source.hasNext()) {
                        FeedRecord r = source.next();
                        if (keepGoing.test(r)) {
                            pending = r;
                        } else {
                            done = true;
                        }
                    } else {
                        done = true;
                    }
                }
                return pending != null;
            }

            @Override
            public FeedRecord next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                FeedRecord r = pending;
                pending = null;
                return r;
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }
}
