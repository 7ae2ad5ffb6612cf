package io.yuqing.radar.local.feed;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedFeedTest {

    private static List<FeedRecord> drain(PostFeed feed) {
        List<FeedRecord> out = new ArrayList<>();
        try (feed) {
            feed.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void sortsAShuffledExportAcrossSpilledRunsKeepingTiesInFileOrder(@TempDir Path tmp) throws IOException {
        Instant t0 = Instant.parse("2025-06-14T00:00:00Z");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            // every time twice: ties must come out in file order ("a" before "b")
            String at = t0.plusSeconds(i / 2 * 37L).toString();
            lines.add("{\"id\":\"p" + i + "\",\"platform\":\"weibo\",\"created_at\":\"" + at + "\",\"text\":\"第" + i + "条\"}");
        }
        List<String> shuffled = new ArrayList<>(lines);
        Collections.shuffle(shuffled, new Random(7));
        byte[] file = String.join("\n", shuffled).getBytes(StandardCharsets.UTF_8);

        // runs of 64 records: eight spilled runs merged
        List<FeedRecord> sorted = drain(TimeOrderedFeed.sort(
                new JsonLinesPostReader(new ByteArrayInputStream(file)), 64, tmp));

        assertThat(sorted).hasSize(500);
        assertThat(sorted).extracting(FeedRecord::eventTime).isSorted();
        for (int i = 0; i + 1 < sorted.size(); i++) {
            FeedRecord a = sorted.get(i);
            FeedRecord b = sorted.get(i + 1);
            if (a.eventTime().equals(b.eventTime())) {
                assertThat(shuffled.indexOf(new String(a.value(), StandardCharsets.UTF_8)))
                        .isLessThan(shuffled.indexOf(new String(b.value(), StandardCharsets.UTF_8)));
            }
        }
        // the bytes are the lines as they were, Chinese text included
        assertThat(sorted).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrderElementsOf(lines);
        assertThat(sorted).extracting(FeedRecord::key).doesNotContainNull();
        // the temp runs are gone once the feed is closed
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aMalformedLineTravelsWithTheRecordBeforeIt(@TempDir Path tmp) {
        String late = "{\"id\":\"late\",\"platform\":\"weibo\",\"created_at\":\"2025-06-14T10:00:00+08:00\",\"text\":\"晚\"}";
        String early = "{\"id\":\"early\",\"platform\":\"weibo\",\"created_at\":\"2025-06-14T09:00:00+08:00\",\"text\":\"早\"}";
        String broken = "{\"id\":\"broken\",\"platform\":";
        byte[] file = String.join("\n", late, broken, early).getBytes(StandardCharsets.UTF_8);

        List<FeedRecord> sorted = drain(TimeOrderedFeed.sort(new JsonLinesPostReader(new ByteArrayInputStream(file)), 2, tmp));

        assertThat(sorted).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                .containsExactly(early, late, broken);
        assertThat(sorted.get(2).key()).isNull();
    }
}
