package io.yuqing.radar.bench;

import io.yuqing.radar.jobs.enrich.EnrichJob;
import io.yuqing.radar.local.LocalStack;
import io.yuqing.radar.local.StackOptions;
import io.yuqing.radar.local.feed.CedPostReader;
import io.yuqing.radar.local.feed.FeedRecord;
import io.yuqing.radar.local.feed.PostFeed;
import io.yuqing.radar.local.feed.PostGenerator;
import io.yuqing.radar.schemas.PostsIndex;
import io.yuqing.radar.schemas.Settings;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The enrich job's throughput on the real local stack (Kafka, HBase, Elasticsearch in their own
 * JVMs; the job in a MiniCluster at parallelism 2): N real posts are produced into the raw topic
 * as fast as Kafka takes them, and the clock runs until all N are searchable in Elasticsearch,
 * the last of the job's outputs. Everything shares this machine's cores, servers included, so the
 * figure is the whole pipeline's on one machine, not the job's alone.
 *
 * <p>Usage (from the repository root, after {@code ./mvnw package -Dmaven.test.skip}):
 * {@code java -Xmx2g @local/target/launcher/jvm.args -cp "bench/target/classes:local/target/classes:$(cat local/target/launcher/classpath.txt)" io.yuqing.radar.bench.StackThroughput [posts=50000] [--flink-cluster]}
 * <p>With {@code --flink-cluster} the job runs on the real session cluster instead (two
 * TaskManagers of one slot each, the jobs jar over REST), as {@code radar-local --flink-cluster}.
 */
public final class StackThroughput {
    private StackThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        boolean cluster = java.util.Arrays.asList(args).contains("--flink-cluster");
        List<FeedRecord> posts = load(n);
        Path data = Files.createTempDirectory("yuqing-throughput");
        StackOptions o = StackOptions.forTests(data);
        StackOptions options = new StackOptions(o.dataDir(), 0, 0, 0, 0, 0, "bench", 2,
                Duration.ofSeconds(5), o.heaps(), java.util.Set.of(EnrichJob.NAME), line -> { });
        if (cluster) {
            options = options.withFlinkCluster(new io.yuqing.radar.local.FlinkSessionCluster.Size(2, 1, 1024));
        }
        try (LocalStack stack = LocalStack.start(options, Settings.defaults())) {
            System.out.printf(Locale.ROOT, "stack up; producing %,d posts (%s)%n", posts.size(), source());
            long t0 = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap(),
                    ProducerConfig.LINGER_MS_CONFIG, 20,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()))) {
                for (FeedRecord r : posts) {
                    producer.send(new ProducerRecord<>(stack.enrichConfig().rawTopic(), r.key(), r.value()));
                }
            }
            double produced = (System.nanoTime() - t0) / 1e9;
            String pattern = PostsIndex.pattern(stack.enrichConfig().postsIndexPrefix());
            long searchable = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(15).toNanos();
            while (searchable < posts.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
                stack.elasticsearch().indices().refresh(r -> r.index(pattern));
                searchable = stack.elasticsearch().count(c -> c.index(pattern)).count();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "produced in %.1f s; %,d of %,d searchable after %.1f s%n",
                    produced, searchable, posts.size(), seconds);
            System.out.printf(Locale.ROOT, "enrich job, parallelism 2 %s, %d cores shared with Kafka, HBase and ES: "
                    + "%,.0f posts/s end to end (Kafka → Flink → Kafka + HBase + ES)%n",
                    cluster ? "on the session cluster (2 TaskManagers)" : "in a MiniCluster",
                    Runtime.getRuntime().availableProcessors(), searchable / seconds);
        }
    }

    private static String source() {
        return sharedCed().isPresent() ? "real CED Weibo posts" : "generator posts (../shared/data absent)";
    }

    /** Posts stamped with distinct ids and times up to now, so none is refused as future or duplicate. */
    static List<FeedRecord> load(int n) throws Exception {
        List<FeedRecord> out = new ArrayList<>(n);
        Optional<Path> ced = sharedCed();
        try (PostFeed feed = ced.isPresent()
                ? CedPostReader.open(ced.get(), CedPostReader.Options.merged())
                : new PostGenerator(PostGenerator.Config.defaults().withStart(Instant.now().minus(Duration.ofDays(2)))
                        .withMalformedShare(0).withBackgroundPerMinute(600))) {
            while (feed.hasNext() && out.size() < n) {
                FeedRecord r = feed.next();
                if (r.key() != null) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    private static Optional<Path> sharedCed() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data/ced").normalize();
            if (Files.isRegularFile(candidate.resolve(CedPostReader.POSTS_FILE))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
