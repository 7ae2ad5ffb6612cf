package io.yuqing.radar.jobs.enrich;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Operators' words, added from a file without a rebuild. The words here are invented (an estate
 * management company) or newer than HanLP's dictionaries (鼠头鸭脖, 2023 slang), so that no
 * dictionary knows them beforehand.
 */
class UserDictionaryTest {
    @TempDir
    Path dir;

    @Test
    void newWordsSegmentAsOneTermAfterLoading() throws Exception {
        TextAnalyzer analyzer = new TextAnalyzer();
        String text = "星河湾物业拒绝维修电梯，业主又说起食堂的鼠头鸭脖";
        TextAnalysis before = analyzer.analyze(text);
        assertThat(before.terms()).doesNotContain("星河湾物业", "鼠头鸭脖");

        Path file = dir.resolve("words.txt");
        Files.writeString(file, """
                # operators' words
                星河湾物业 nt 2000
                鼠头鸭脖
                """, StandardCharsets.UTF_8);
        // many subtasks of one JVM ask at once: one load, the others find it done
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Integer>> loads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            loads.add(pool.submit(() -> UserDictionary.loadOnce(file.toString())));
        }
        int added = 0;
        for (Future<Integer> f : loads) {
            added += f.get();
        }
        pool.shutdown();
        assertThat(added).as("words added over all calls").isEqualTo(2);
        assertThat(UserDictionary.loadOnce(file)).as("a second load").isZero();

        TextAnalysis after = new TextAnalyzer().analyze(text);
        assertThat(after.terms()).contains("星河湾物业", "鼠头鸭脖");
        assertThat(after.entities().organizations()).contains("星河湾物业");
    }

    @Test
    void blankSettingMeansNone() {
        assertThat(UserDictionary.loadOnce("")).isZero();
        assertThat(UserDictionary.loadOnce((String) null)).isZero();
    }

    @Test
    void malformedLinesAndMissingFilesAreClearErrors() throws IOException {
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "好词 nz 很多\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> UserDictionary.loadOnce(bad)).hasMessageContaining("line 1");
        assertThatThrownBy(() -> UserDictionary.loadOnce(dir.resolve("missing.txt").toString()))
                .hasMessageContaining("missing.txt");
    }
}
