package io.yuqing.radar.jobs.enrich.dedup;

/**
 * 64-bit SimHash (Charikar) of a post's normalised text, built for Chinese social media.
 *
 * <p><b>Content.</b> One pass over the text keeps only content characters: Han ideographs, letters
 * and digits (ASCII lower-cased). It drops what copies of the same words differ in: punctuation and
 * spaces (so the content characters around them become adjacent), {@code @name} mentions (the names
 * in {@code //@name:} repost chains and {@code 回复@name:} differ from account to account), Weibo
 * bracket emoticons such as {@code [哈哈]} / {@code [图片]} (at most {@value #MAX_EMOTICON} characters
 * between the brackets) and the boilerplate {@code 转发微博}.
 *
 * <p><b>Features.</b> Overlapping 2-character shingles of the content characters, each occurrence
 * weighted 1 (so a shingle's weight is its frequency). Bigrams because most Chinese words are one or
 * two characters: a bigram is close to a word without segmenting, and inserting or replacing
 * {@code k} characters changes at most {@code k + 1} of them (trigrams: {@code k + 2}), which keeps
 * lightly edited copies near each other; unrelated posts are still far apart (about 32 bits on
 * average, see the tests). A text with a single content character hashes that character alone.
 *
 * <p><b>Hash.</b> A shingle is two UTF-16 units packed into an int, mixed to 64 bits with
 * MurmurHash3's {@code fmix64} finaliser: no strings, no regex, no allocation per shingle.
 *
 * <p>An instance keeps a scratch accumulator, so it is not thread-safe (one per subtask); the
 * static helpers are.
 */
public final class SimHash {
    /** Characters between {@code [} and {@code ]} that still count as one emoticon code. */
    static final int MAX_EMOTICON = 6;
    private static final int MAX_MENTION = 30;
    private static final String BOILERPLATE = "转发微博";
    private static final long SEED = 0x9E3779B97F4A7C15L;

    private final int[] acc = new int[64];
    private int contentChars;

    /**
     * The SimHash of {@code text}; 0 when it has no content characters (see
     * {@link #contentChars()}).
     */
    public long hash(CharSequence text) {
        java.util.Arrays.fill(acc, 0);
        int n = text.length();
        int content = 0;
        char prev = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '@') {
                i = skipMention(text, i + 1);
                continue;
            }
            if (c == '[') {
                int close = emoticonEnd(text, i + 1);
                if (close > 0) {
                    i = close + 1;
                    continue;
                }
                i++;
                continue;
            }
            if (c == '转' && startsWith(text, i, BOILERPLATE)) {
                i += BOILERPLATE.length();
                continue;
            }
            i++;
            char k = contentChar(c);
            if (k == 0) {
                continue;
            }
            if (content > 0) {
                add(mix(((long) prev << 16) | k));
            }
            prev = k;
            content++;
        }
        contentChars = content;
        if (content == 0) {
            return 0L;
        }
        if (content == 1) {
            add(mix(prev));
        }
        long h = 0;
        for (int b = 0; b < 64; b++) {
            if (acc[b] > 0) {
                h |= 1L << b;
            }
        }
        return h;
    }

    /** Content characters the last {@link #hash} saw; 0 means that text has no fingerprint. */
    public int contentChars() {
        return contentChars;
    }

    /** Thread-safe convenience; allocates a scratch accumulator per call. */
    public static long of(CharSequence text) {
        return new SimHash().hash(text);
    }

    public static int distance(long a, long b) {
        return Long.bitCount(a ^ b);
    }

    /** 16 lower-case hex digits, zero-padded. */
    public static String hex(long h) {
        char[] out = new char[16];
        for (int i = 15; i >= 0; i--) {
            out[i] = Character.forDigit((int) (h & 0xF), 16);
            h >>>= 4;
        }
        return new String(out);
    }

    public static long parseHex(String hex) {
        return Long.parseUnsignedLong(hex, 16);
    }

    private void add(long h) {
        int[] a = acc;
        for (int b = 0; b < 64; b++) {
            // +1 where the bit is set, -1 where not
            a[b] += (int) ((h >>> b) & 1L) * 2 - 1;
        }
    }

    /** MurmurHash3 fmix64 over the packed shingle. */
    static long mix(long k) {
        k ^= SEED;
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    /** The character as a content unit (ASCII lower-cased), or 0 when it is not content. */
    static char contentChar(char c) {
        if (c < 0x80) {
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                return c;
            }
            if (c >= 'A' && c <= 'Z') {
                return (char) (c + ('a' - 'A'));
            }
            return 0;
        }
        if (c >= 0x4E00 && c <= 0x9FFF || c >= 0x3400 && c <= 0x4DBF) {
            return c;
        }
        // surrogates (emoji and rare ideographs) are skipped; other scripts' letters count
        return Character.isSurrogate(c) || !Character.isLetterOrDigit(c) ? 0 : c;
    }

    private static int skipMention(CharSequence s, int i) {
        int end = Math.min(s.length(), i + MAX_MENTION);
        while (i < end) {
            char c = s.charAt(i);
            if (c == '_' || c == '-' || contentChar(c) != 0) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Index of the {@code ]} closing an emoticon code opened just before {@code i}, or -1. */
    private static int emoticonEnd(CharSequence s, int i) {
        int end = Math.min(s.length(), i + MAX_EMOTICON + 1);
        for (int j = i; j < end; j++) {
            char c = s.charAt(j);
            if (c == ']') {
                return j > i ? j : -1;
            }
            if (c == '[' || Character.isWhitespace(c)) {
                return -1;
            }
        }
        return -1;
    }

    private static boolean startsWith(CharSequence s, int at, String prefix) {
        if (at + prefix.length() > s.length()) {
            return false;
        }
        for (int j = 0; j < prefix.length(); j++) {
            if (s.charAt(at + j) != prefix.charAt(j)) {
                return false;
            }
        }
        return true;
    }
}
