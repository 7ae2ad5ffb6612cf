package io.yuqing.radar.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a JFR recording's CPU samples ({@code jdk.ExecutionSample}) fall: by thread (numbered
 * threads of one pool, and a Flink operator's subtasks, counted together), by the library or
 * code that owns the sampled frame, and, per busy thread, its hottest methods. For the
 * recordings {@link StackThroughput} {@code --jfr} writes; JDK 17's {@code jfr} tool prints the
 * events but does not aggregate them.
 *
 * <p>Usage: {@code java -cp bench/target/classes io.yuqing.radar.bench.JfrTop [--contains=A,B,...] FILE.jfr...};
 * {@code --contains} also prints the share of samples with a frame whose {@code Class.method}
 * contains each of A, B, … anywhere on the stack (inclusive time; {@code jfr print} shows only a
 * stack's top frames, so it cannot say this).
 */
public final class JfrTop {
    /** Package prefixes, first match wins: who owns a frame. java.*, jdk.*, sun.* frames are passed over. */
    private static final Map<String, String> OWNERS = new LinkedHashMap<>();

    static {
        OWNERS.put("com.hankcs.", "HanLP");
        OWNERS.put("com.fasterxml.jackson.", "JSON (Jackson)");
        OWNERS.put("io.yuqing.", "our code (io.yuqing)");
        OWNERS.put("org.apache.flink.connector.kafka.", "Flink Kafka connector");
        OWNERS.put("org.apache.kafka.common.compress.", "compression");
        OWNERS.put("net.jpountz.", "compression");
        OWNERS.put("com.github.luben.", "compression");
        OWNERS.put("kafka.", "Kafka broker");
        OWNERS.put("org.apache.kafka.storage.", "Kafka broker");
        OWNERS.put("org.apache.kafka.server.", "Kafka broker");
        OWNERS.put("org.apache.kafka.coordinator.", "Kafka broker");
        OWNERS.put("org.apache.kafka.raft.", "Kafka broker");
        OWNERS.put("org.apache.kafka.", "Kafka client/common");
        OWNERS.put("org.apache.hadoop.hbase.shaded.", "HBase client (shaded)");
        OWNERS.put("org.apache.hbase.thirdparty.", "HBase netty/protobuf");
        OWNERS.put("org.apache.hadoop.hbase.regionserver.", "HBase region server");
        OWNERS.put("org.apache.hadoop.hbase.wal.", "HBase region server");
        OWNERS.put("org.apache.hadoop.hbase.ipc.", "HBase RPC");
        OWNERS.put("org.apache.hadoop.hbase.", "HBase");
        OWNERS.put("org.apache.zookeeper.", "ZooKeeper");
        OWNERS.put("org.apache.lucene.", "Lucene");
        OWNERS.put("org.elasticsearch.client.", "ES client (low-level REST)");
        OWNERS.put("co.elastic.", "ES client (elasticsearch-java)");
        OWNERS.put("org.elasticsearch.", "Elasticsearch server");
        OWNERS.put("org.apache.http.", "Apache HTTP client");
        OWNERS.put("org.apache.flink.runtime.io.network.", "Flink network");
        OWNERS.put("org.apache.flink.runtime.state.", "Flink state");
        OWNERS.put("org.apache.flink.contrib.streaming.state.", "Flink state");
        OWNERS.put("org.rocksdb.", "Flink state");
        OWNERS.put("org.apache.flink.api.common.typeutils.", "Flink serializers");
        OWNERS.put("org.apache.flink.", "Flink runtime");
        OWNERS.put("io.netty.", "Netty");
        OWNERS.put("org.apache.logging.", "logging");
        OWNERS.put("org.slf4j.", "logging");
    }

    /** "task (1/2)#0", "pool-3-thread-7", "I/O dispatcher 2": one name per pool or operator. */
    private static final Pattern NUMBERED = Pattern.compile("\\(\\d+/\\d+\\)(#\\d+)?|\\d+");

    private JfrTop() {}

    public static void main(String[] args) throws Exception {
        List<String> contains = List.of();
        for (String a : args) {
            if (a.startsWith("--contains=")) {
                contains = List.of(a.substring("--contains=".length()).split(","));
            }
        }
        for (String file : args) {
            if (!file.startsWith("--")) {
                summarise(Path.of(file), contains);
            }
        }
    }

    private static void summarise(Path file, List<String> contains) throws Exception {
        Map<String, Integer> inclusive = new LinkedHashMap<>();
        contains.forEach(c -> inclusive.put(c, 0));
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byOwner = new HashMap<>();
        Map<String, Map<String, Integer>> methodsByThread = new HashMap<>();
        Map<String, Map<String, Integer>> ownersByThread = new HashMap<>();
        Map<String, Integer> ourInclusive = new HashMap<>();
        int total = 0;
        try (RecordingFile r = new RecordingFile(file)) {
            while (r.hasMoreEvents()) {
                RecordedEvent e = r.readEvent();
                if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                RecordedStackTrace st = e.getStackTrace();
                if (st == null || st.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                String thread = e.getThread("sampledThread") == null ? "?"
                        : NUMBERED.matcher(String.valueOf(e.getThread("sampledThread").getJavaName())).replaceAll("N");
                List<RecordedFrame> frames = st.getFrames();
                String top = method(frames.get(0));
                String owner = "JDK";
                for (RecordedFrame f : frames) {
                    String o = owner(f.getMethod().getType().getName());
                    if (o != null) {
                        owner = o;
                        break;
                    }
                }
                for (String c : contains) {
                    for (RecordedFrame f : frames) {
                        String m = f.getMethod().getType().getName() + "." + f.getMethod().getName();
                        if (m.contains(c)) {
                            inclusive.merge(c, 1, Integer::sum);
                            break;
                        }
                    }
                }
                for (RecordedFrame f : frames) {
                    if (f.getMethod().getType().getName().startsWith("io.yuqing.")) {
                        ourInclusive.merge(method(f), 1, Integer::sum);
                        break;
                    }
                }
                byThread.merge(thread, 1, Integer::sum);
                byOwner.merge(owner, 1, Integer::sum);
                methodsByThread.computeIfAbsent(thread, t -> new HashMap<>()).merge(top, 1, Integer::sum);
                ownersByThread.computeIfAbsent(thread, t -> new HashMap<>()).merge(owner, 1, Integer::sum);
            }
        }
        System.out.printf(Locale.ROOT, "%n== %s: %,d execution samples%n", file.getFileName(), total);
        if (total == 0) {
            return;
        }
        System.out.println("-- by owner of the sampled code (first non-JDK frame from the top)");
        print(byOwner, total, 12, "");
        System.out.println("-- by thread");
        int shown = 0;
        for (var t : sorted(byThread)) {
            if (shown++ == 8 || t.getValue() * 100.0 / total < 2) {
                break;
            }
            System.out.printf(Locale.ROOT, "%5.1f %%  %s%n", t.getValue() * 100.0 / total, t.getKey());
            System.out.print("          owners: ");
            System.out.println(String.join(", ", sorted(ownersByThread.get(t.getKey())).stream().limit(5)
                    .map(o -> String.format(Locale.ROOT, "%s %.0f %%", o.getKey(), o.getValue() * 100.0 / t.getValue()))
                    .toList()));
            print(methodsByThread.get(t.getKey()), t.getValue(), 5, "          ");
        }
        if (!ourInclusive.isEmpty()) {
            System.out.println("-- our code on the stack (innermost io.yuqing frame, inclusive)");
            print(ourInclusive, total, 10, "");
        }
        if (!inclusive.isEmpty()) {
            System.out.println("-- samples with a frame containing (inclusive)");
            for (var e : inclusive.entrySet()) {
                System.out.printf(Locale.ROOT, "%5.1f %%  %s%n", e.getValue() * 100.0 / total, e.getKey());
            }
        }
    }

    private static String owner(String type) {
        if (type.startsWith("java.") || type.startsWith("jdk.") || type.startsWith("sun.") || type.startsWith("com.sun.")) {
            return null;
        }
        for (var e : OWNERS.entrySet()) {
            if (type.startsWith(e.getKey())) {
                return e.getValue();
            }
        }
        return "other: " + type.substring(0, Math.max(0, type.lastIndexOf('.')));
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
                + " (" + type.substring(0, Math.max(0, type.lastIndexOf('.'))) + ")";
    }

    private static List<Map.Entry<String, Integer>> sorted(Map<String, Integer> m) {
        return m.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).toList();
    }

    private static void print(Map<String, Integer> counts, int of, int limit, String indent) {
        sorted(counts).stream().limit(limit).forEach(e ->
                System.out.printf(Locale.ROOT, "%s%5.1f %%  %s%n", indent, e.getValue() * 100.0 / of, e.getKey()));
    }
}
