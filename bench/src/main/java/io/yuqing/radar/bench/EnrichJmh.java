package io.yuqing.radar.bench;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.enrich.dedup.SimHash;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * The same comparison as {@link EnrichBench} under JMH, one post per invocation (round-robin over
 * the sample): run with {@code -prof gc} for {@code gc.alloc.rate.norm} (bytes per post).
 *
 * <pre>java -cp bench/target/benchmarks.jar org.openjdk.jmh.Main EnrichJmh -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class EnrichJmh {
    @Param("20000")
    public int posts;

    private CedSample sample;
    private PostEnricher enricher;
    private SimHash simHash;
    private Segment hanlp;
    private Instant now;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        sample = CedSample.read(CedSample.find().orElseThrow(() -> new IllegalStateException(
                "../shared/data/" + CedSample.POSTS + " not found above the working directory")), posts);
        enricher = new PostEnricher(EnrichmentLimits.defaults());
        simHash = new SimHash();
        hanlp = HanLP.newSegment().enableNameRecognize(true).enablePlaceRecognize(true)
                .enableOrganizationRecognize(true);
        now = Instant.now();
    }

    private int nextIndex() {
        int i = next;
        next = i + 1 == sample.texts().size() ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public Object enrichment() {
        return enricher.enrich(sample.json().get(nextIndex()), now);
    }

    @Benchmark
    public Object hanlpSegmentWithRecognition() {
        return hanlp.seg(sample.texts().get(nextIndex()));
    }

    @Benchmark
    public long simHash() {
        return simHash.hash(sample.texts().get(nextIndex()));
    }
}
