package io.yuqing.radar.jobs.enrich;

import com.hankcs.hanlp.dictionary.CustomDictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Operators' own words (new slang, place and organisation names) added to HanLP's custom
 * dictionary from a file, without a rebuild: setting {@code enrich.user-dictionary}. One entry per
 * line, {@code word [nature] [frequency]} separated by whitespace, e.g. {@code 星河湾物业 nt 1000};
 * nature defaults to {@code nz}, frequency to 1000; {@code #} starts a comment.
 *
 * <p>HanLP's custom dictionary is JVM-wide, so a file is loaded at most once per JVM however many
 * subtasks ask (the load is synchronised; a second call with the same file returns at once). Call
 * it before segmenting starts (the operator's {@code open}), never on the hot path.
 */
public final class UserDictionary {
    private static final Pattern FIELDS = Pattern.compile("\\s+");
    private static final Set<Path> LOADED = new HashSet<>();

    private UserDictionary() {}

    /**
     * Loads {@code file} into HanLP's custom dictionary unless it was loaded before in this JVM.
     *
     * @return the number of words added by this call (0 when already loaded)
     * @throws UncheckedIOException when the file cannot be read
     * @throws IllegalArgumentException on a malformed line (with its number)
     */
    public static synchronized int loadOnce(Path file) {
        Path key = file.toAbsolutePath().normalize();
        if (LOADED.contains(key)) {
            return 0;
        }
        int added = 0;
        try (BufferedReader r = Files.newBufferedReader(key, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                int hash = line.indexOf('#');
                String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
                if (lineNo == 1 && s.startsWith("\uFEFF")) {
                    s = s.substring(1).strip();
                }
                if (s.isEmpty()) {
                    continue;
                }
                String[] f = FIELDS.split(s);
                if (f.length > 3) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": expected 'word [nature] [frequency]', got '" + line + "'");
                }
                String nature = f.length > 1 ? f[1] : "nz";
                String freq = f.length > 2 ? f[2] : "1000";
                if (!freq.chars().allMatch(Character::isDigit)) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": frequency must be a number, got '" + freq + "'");
                }
                CustomDictionary.insert(f[0], nature + " " + freq);
                added++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read user dictionary " + file, e);
        }
        LOADED.add(key);
        return added;
    }

    /** Loads the file named by a setting: blank means no user dictionary. */
    public static int loadOnce(String setting) {
        return setting == null || setting.isBlank() ? 0 : loadOnce(Path.of(setting.strip()));
    }
}
