package io.yuqing.radar.jobs.enrich;

import com.hankcs.hanlp.HanLP;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Normalises post text so that the same words compare equal whichever platform, input method or
 * script they came from: traditional → simplified Chinese, full-width → half-width, control
 * characters, URLs and Unicode emoji out, and hashtags, mentions and emoji (Unicode ones and Weibo's
 * bracket emoticons such as {@code [怒]}, which stay in the text for sentiment) lifted into fields of
 * their own.
 */
public final class TextNormalizer {
    private static final Pattern URL = Pattern.compile("https?://[\\x21-\\x7e]+");
    // Weibo hashtags are #...# with no # or line break inside; the length cap keeps a stray # from swallowing a post
    private static final Pattern HASHTAG = Pattern.compile("#([^#\\n]{1,40})#");
    // A mention ends at whitespace, punctuation or the // of a repost chain
    private static final Pattern MENTION = Pattern.compile("@([\\p{IsHan}\\p{L}\\p{N}_\\-]{1,30})");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    public NormalizedText normalize(String raw) {
        if (raw == null || raw.isEmpty()) {
            return new NormalizedText("", List.of(), List.of(), List.of(), List.of());
        }
        String s = toHalfWidthWithoutControls(raw);
        List<String> urls = new ArrayList<>();
        Matcher m = URL.matcher(s);
        StringBuilder withoutUrls = new StringBuilder(s.length());
        while (m.find()) {
            urls.add(m.group());
            m.appendReplacement(withoutUrls, " ");
        }
        m.appendTail(withoutUrls);
        Set<String> emojis = new LinkedHashSet<>();
        s = liftEmojis(withoutUrls.toString(), emojis);
        s = HanLP.convertToSimplifiedChinese(s);
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return new NormalizedText(s, List.copyOf(urls), groups(HASHTAG, s), groups(MENTION, s), List.copyOf(emojis));
    }

    /**
     * Removes Unicode emoji from {@code s} (each becomes a space), and collects them together with
     * bracket emoticons ({@code [怒]}, which stay) into {@code found} in text order.
     */
    static String liftEmojis(String s, Set<String> found) {
        StringBuilder b = null;
        Matcher bracket = null;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '[') {
                if (bracket == null) {
                    bracket = Emojis.BRACKET.matcher(s);
                }
                bracket.region(i, n);
                if (bracket.lookingAt() && Emojis.isBracketEmoticon(bracket.group(1))) {
                    int end = bracket.end();
                    found.add(HanLP.convertToSimplifiedChinese(bracket.group()));
                    if (b != null) {
                        b.append(s, i, end);
                    }
                    i = end;
                    continue;
                }
            } else if ((c >= 0x2000 && c < 0x3400) || Character.isHighSurrogate(c) || c == 0xA9 || c == 0xAE
                    || Emojis.isKeycapBase(c)) {
                int end = Emojis.clusterEnd(s, i);
                if (end > i) {
                    found.add(s.substring(i, end));
                    if (b == null) {
                        b = new StringBuilder(n).append(s, 0, i);
                    }
                    b.append(' ');
                    i = end;
                    continue;
                }
            }
            if (b != null) {
                b.append(c);
            }
            i++;
        }
        return b == null ? s : b.toString();
    }

    /**
     * {@code s} with each bracket emoticon ({@code [心]}, not a placeholder such as {@code [图片]})
     * replaced by a space, for readers of the words around them: the segmenter, a topic's title.
     */
    public static String withoutEmoticons(String s) {
        if (s.indexOf('[') < 0) {
            return s;
        }
        Matcher m = Emojis.BRACKET.matcher(s);
        StringBuilder b = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(b, Emojis.isBracketEmoticon(m.group(1)) ? " " : Matcher.quoteReplacement(m.group()));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static List<String> groups(Pattern p, String s) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = p.matcher(s);
        while (m.find()) {
            String g = m.group(1).trim();
            if (!g.isEmpty()) {
                found.add(g);
            }
        }
        return List.copyOf(found);
    }

    /** Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII; control characters to spaces. */
    static String toHalfWidthWithoutControls(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char r = c;
            if (c >= '\uFF01' && c <= '\uFF5E') {
                r = (char) (c - 0xFEE0);
            } else if (c == '\u3000') {
                r = ' ';
            } else if (Character.isISOControl(c) || c == '\u200B' || c == '\uFEFF') {
                r = ' ';
            }
            if (r != c && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (b != null) {
                b.append(r);
            }
        }
        return b == null ? s : b.toString();
    }
}
