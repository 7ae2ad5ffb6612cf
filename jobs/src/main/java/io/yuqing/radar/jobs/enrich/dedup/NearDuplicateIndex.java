package io.yuqing.radar.jobs.enrich.dedup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fingerprints seen for one band value, and the near-duplicate answer for a new one.
 *
 * <p>A 64-bit SimHash is cut into {@value #BANDS} bands of 16 bits. Two fingerprints within
 * Hamming distance {@value #MAX_DISTANCE} differ in at most 3 bits, so at least one band is equal
 * (pigeonhole): looking a fingerprint up under each of its 4 band values finds every near
 * duplicate. The Flink job keys one index per band value ({@link #bandKey}); this class is the
 * pure logic of one such key.
 *
 * <p>Bounded: entries older than {@code horizon} (event time, relative to the newest entry or
 * probe seen) are dropped on every probe, and at most {@code capacity} entries are kept (the
 * oldest go first). Flink's state TTL removes keys that stop receiving probes.
 */
public final class NearDuplicateIndex {
    public static final int BANDS = 4;
    public static final int MAX_DISTANCE = 3;
    public static final int DEFAULT_CAPACITY = 64;

    /** One fingerprint seen: when its post was created and the cluster it was given. */
    public record Entry(long simhash, long time, Cluster cluster) {}

    private final long horizonMillis;
    private final int capacity;
    private final ArrayList<Entry> entries;

    public NearDuplicateIndex(long horizonMillis, int capacity) {
        this(horizonMillis, capacity, new ArrayList<>());
    }

    private NearDuplicateIndex(long horizonMillis, int capacity, ArrayList<Entry> entries) {
        if (horizonMillis <= 0 || capacity <= 0) {
            throw new IllegalArgumentException("horizon and capacity must be positive");
        }
        this.horizonMillis = horizonMillis;
        this.capacity = capacity;
        this.entries = entries;
    }

    /** The key of {@code simhash}'s band {@code band} (0..3): band number and its 16 bits. */
    public static int bandKey(long simhash, int band) {
        return band << 16 | (int) ((simhash >>> (16 * band)) & 0xFFFF);
    }

    /**
     * The cluster a post joins through this band: the earliest cluster among the entries within
     * {@value #MAX_DISTANCE} bits whose time is within the horizon of {@code time}, or the post's
     * own (id, time) when that is earlier or nothing matches. The post is then recorded under that
     * cluster, entries beyond the horizon are dropped and the capacity enforced.
     */
    public Cluster probeAndAdd(String postId, long simhash, long time) {
        Cluster best = new Cluster(postId, time);
        long newest = time;
        for (Entry e : entries) {
            newest = Math.max(newest, e.time());
            if (SimHash.distance(e.simhash(), simhash) <= MAX_DISTANCE
                    && Math.abs(e.time() - time) <= horizonMillis) {
                best = Cluster.earliest(best, e.cluster());
            }
        }
        long oldestKept = newest - horizonMillis;
        entries.removeIf(e -> e.time() < oldestKept);
        if (time >= oldestKept) {
            entries.add(new Entry(simhash, time, best));
        }
        while (entries.size() > capacity) {
            entries.remove(oldestIndex());
        }
        return best;
    }

    private int oldestIndex() {
        int at = 0;
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).time() < entries.get(at).time()) {
                at = i;
            }
        }
        return at;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    public int size() {
        return entries.size();
    }

    /** Compact state form: count, then per entry simhash, time, cluster time, cluster id. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 + entries.size() * 48);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(entries.size());
            for (Entry e : entries) {
                out.writeLong(e.simhash());
                out.writeLong(e.time());
                out.writeLong(e.cluster().time());
                out.writeUTF(e.cluster().id());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static NearDuplicateIndex fromBytes(byte[] state, long horizonMillis, int capacity) {
        ArrayList<Entry> entries = new ArrayList<>();
        if (state != null) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
                int n = in.readInt();
                for (int i = 0; i < n; i++) {
                    long simhash = in.readLong();
                    long time = in.readLong();
                    long clusterTime = in.readLong();
                    entries.add(new Entry(simhash, time, new Cluster(in.readUTF(), clusterTime)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("corrupt near-duplicate index state", e);
            }
        }
        return new NearDuplicateIndex(horizonMillis, capacity, entries);
    }
}
