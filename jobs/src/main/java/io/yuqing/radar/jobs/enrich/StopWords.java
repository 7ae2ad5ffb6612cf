package io.yuqing.radar.jobs.enrich;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/** The social-media stop-word list shipped with the job. */
public final class StopWords {
    private static final String RESOURCE = "io/yuqing/radar/jobs/enrich/stopwords.txt";
    private static final Set<String> WORDS = load();

    private StopWords() {}

    public static boolean contains(String word) {
        return WORDS.contains(word);
    }

    private static Set<String> load() {
        Set<String> words = new HashSet<>();
        try (InputStream in = StopWords.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jobs jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }
}
