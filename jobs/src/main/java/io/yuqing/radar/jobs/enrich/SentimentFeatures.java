package io.yuqing.radar.jobs.enrich;

import java.util.Arrays;
import java.util.List;

/**
 * The evidence a trained {@link SentimentModel} reads in a post, from the text as the enrich job
 * normalises it: every character and character pair (Chinese words are one to two characters
 * and need no segmenter here, which keeps the model's cost far below HanLP's), the characters a
 * negation reaches (不太满意 puts 满 and 意 in the scope of 不, as {@code ¬满}, {@code ¬意}), each
 * emoji and bracket emoticon whole, and the lexicon's verdict ({@link SentimentAnalyzer}) as a few
 * real-valued features, so the model learns how far to trust the curated words and rules.
 *
 * <p>Features are named by strings (written in the model file) but looked up by a 64-bit hash
 * computed over the characters in place, so scoring a post allocates no strings.
 */
final class SentimentFeatures {
    /** Characters after a negation that count as negated, as {@link SentimentAnalyzer}'s reach. */
    static final int NEGATION_REACH = 4;

    static final char UNIGRAM = '1';
    static final char BIGRAM = '2';
    static final char NEGATED = '¬';
    static final char EMOJI = 'e';

    /** Lexicon features: its verdict's strength each way (0..1) and whether it found nothing. */
    static final String LEXICON_POSITIVE = "§lexicon+";
    static final String LEXICON_NEGATIVE = "§lexicon-";
    static final String LEXICON_SILENT = "§lexicon0";
    /** The lexicon's raw evidence counts up to this magnitude (a few strong words). */
    static final double LEXICON_CAP = 4;

    private SentimentFeatures() {}

    /** Receives each text feature's hash and, when {@code names} is on, its name. */
    interface Sink {
        void feature(long hash, String name);
    }

    /**
     * Calls {@code sink} for every text feature of {@code text} and {@code emojis} (duplicates
     * included: the caller counts presence). {@code names}: also build each name (training only).
     */
    static void textFeatures(String text, List<String> emojis, boolean names, Sink sink) {
        int n = text.length();
        int negatedUntil = -1;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ') {
                continue;
            }
            sink.feature(hash(UNIGRAM, c), names ? UNIGRAM + String.valueOf(c) : null);
            if (i + 1 < n && text.charAt(i + 1) != ' ') {
                char d = text.charAt(i + 1);
                sink.feature(hash(BIGRAM, c, d), names ? "" + BIGRAM + c + d : null);
            }
            if (i <= negatedUntil && !isClauseEnd(c)) {
                sink.feature(hash(NEGATED, c), names ? NEGATED + String.valueOf(c) : null);
            } else if (i <= negatedUntil) {
                negatedUntil = -1; // a negation does not reach past its clause
            }
            if (isNegation(c)) {
                negatedUntil = i + NEGATION_REACH;
            }
        }
        for (String e : emojis) {
            sink.feature(hash(EMOJI, e), names ? EMOJI + e : null);
        }
    }

    /** Indexes of the lexicon features in {@link #lexiconValues}' array. */
    static final int POSITIVE = 0;
    static final int NEGATIVE = 1;
    static final int SILENT = 2;

    /**
     * The lexicon's verdict as real values into {@code out} (indexed {@link #POSITIVE},
     * {@link #NEGATIVE}, {@link #SILENT}; named {@link #LEXICON_POSITIVE} … in the model file):
     * the strength of its evidence each way, capped and scaled to 0..1, or 1 for having found none.
     */
    static void lexiconValues(SentimentResult lexicon, double[] out) {
        double raw = lexicon.raw();
        out[POSITIVE] = raw > 0 ? Math.min(raw, LEXICON_CAP) / LEXICON_CAP : 0;
        out[NEGATIVE] = raw < 0 ? Math.min(-raw, LEXICON_CAP) / LEXICON_CAP : 0;
        out[SILENT] = raw == 0 ? 1 : 0;
    }

    static boolean isNegation(char c) {
        return switch (c) {
            case '不', '没', '别', '无', '未', '非', '莫', '勿', '否', '甭' -> true;
            default -> false;
        };
    }

    private static boolean isClauseEnd(char c) {
        return switch (c) {
            case ',', '。', '.', '!', '?', ';', '~', '、', '…', ':', '，', '！', '？', '；' -> true;
            default -> false;
        };
    }

    // FNV-1a over the kind and the characters, then a finaliser (MurmurHash3's fmix64) so that
    // names differing in one character spread over the whole table
    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    static long hash(char kind, char c) {
        return mix((((FNV_OFFSET ^ kind) * FNV_PRIME) ^ c) * FNV_PRIME);
    }

    static long hash(char kind, char c, char d) {
        return mix((((((FNV_OFFSET ^ kind) * FNV_PRIME) ^ c) * FNV_PRIME) ^ d) * FNV_PRIME);
    }

    static long hash(char kind, String s) {
        long h = (FNV_OFFSET ^ kind) * FNV_PRIME;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return mix(h);
    }

    /** The hash of a feature by its name (as the model file writes it): its kind, then its characters. */
    static long hashOfName(String name) {
        return hash(name.charAt(0), name.substring(1)); // the same sum as the char overloads, by construction
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93e53b9fe53L;
        h ^= h >>> 33;
        return h;
    }

    /**
     * An open-addressing map from feature hash to row, built once when a model loads; read-only
     * after. Each slot is one long: the hash's upper 41 bits and the row + 1 in the lower 23, so a
     * lookup touches one array (one cache miss, not two: scoring a post is mostly these misses).
     * Two features whose hashes share the upper 41 bits (about one pair in a thousand models of
     * 50,000 features) share the first one's row, in training and scoring alike.
     */
    static final class Table {
        private static final int ROW_BITS = 23;
        private static final long ROW_MASK = (1L << ROW_BITS) - 1;
        static final int MAX_ROWS = (int) ROW_MASK - 1;
        private final long[] slots;
        private final int mask;

        Table(long[] hashes) {
            if (hashes.length > MAX_ROWS) {
                throw new IllegalArgumentException(hashes.length + " features, more than the " + MAX_ROWS + " a model holds");
            }
            // load factor at most 0.5: short probe runs
            int cap = Integer.highestOneBit(Math.max(4, hashes.length * 2 - 1)) << 1;
            slots = new long[cap];
            mask = cap - 1;
            for (int r = 0; r < hashes.length; r++) {
                long key = hashes[r] & ~ROW_MASK;
                int slot = (int) hashes[r] & mask;
                while (slots[slot] != 0 && (slots[slot] & ~ROW_MASK) != key) {
                    slot = (slot + 1) & mask;
                }
                if (slots[slot] == 0) {
                    slots[slot] = key | (r + 1);
                }
            }
        }

        /** The row of {@code hash}, or -1. */
        int row(long hash) {
            long key = hash & ~ROW_MASK;
            int slot = (int) hash & mask;
            while (true) {
                long e = slots[slot];
                if (e == 0) {
                    return -1;
                }
                if ((e & ~ROW_MASK) == key) {
                    return (int) (e & ROW_MASK) - 1;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}
