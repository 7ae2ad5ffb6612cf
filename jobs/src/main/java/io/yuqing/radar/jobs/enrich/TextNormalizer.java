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
 * characters and URLs out, and hashtags and mentions lifted into fields of their own.
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
            return new NormalizedText("", List.of(), List.of(), List.of());
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
        s = HanLP.convertToSimplifiedChinese(withoutUrls.toString());
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return new NormalizedText(s, List.copyOf(urls), groups(HASHTAG, s), groups(MENTION, s));
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
