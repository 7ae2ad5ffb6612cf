package io.yuqing.radar.jobs.enrich;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recognises emoji: Unicode emoji as grapheme-like clusters (a base pictograph with its variation
 * selector, skin tone, keycap mark and ZWJ continuations; a pair of regional indicators as one flag)
 * and Weibo's bracket emoticons ({@code [怒]}, {@code [哈哈]}, {@code [good]}). A hand-written subset
 * of Unicode's emoji properties, enough for social-media text (Java 17 has no {@code isEmoji}).
 */
final class Emojis {
    /** Weibo emoticon names are short words in brackets; these bracketed words are placeholders, not emoticons. */
    static final Pattern BRACKET = Pattern.compile("\\[([\\p{IsHan}A-Za-z]{1,6})]");
    private static final Set<String> NOT_EMOTICONS = Set.of("图片", "视频", "组图", "链接", "网页链接", "位置", "音乐",
            "语音", "表情", "转发", "评论", "原文", "全文", "话题", "直播", "红包", "文章", "投票", "地图");

    private Emojis() {}

    static boolean isBracketEmoticon(String name) {
        return !NOT_EMOTICONS.contains(name);
    }

    /** A code point shown as an emoji on its own (emoji presentation by default, or so used on Weibo). */
    static boolean isBase(int cp) {
        if (cp >= 0x1F000) {
            return (cp >= 0x1F300 && cp <= 0x1F5FF)   // symbols and pictographs
                    || (cp >= 0x1F600 && cp <= 0x1F64F) // emoticons
                    || (cp >= 0x1F680 && cp <= 0x1F6FF) // transport and map
                    || (cp >= 0x1F900 && cp <= 0x1F9FF) // supplemental symbols and pictographs
                    || (cp >= 0x1FA70 && cp <= 0x1FAFF) // symbols and pictographs extended-A
                    || cp == 0x1F004 || cp == 0x1F0CF || cp == 0x1F18E || (cp >= 0x1F191 && cp <= 0x1F19A)
                    || (cp >= 0x1F201 && cp <= 0x1F251); // enclosed ideographs (🈶 🉐)
        }
        return switch (cp) {
            case 0x231A, 0x231B, 0x23E9, 0x23EA, 0x23EB, 0x23EC, 0x23F0, 0x23F3, 0x25FD, 0x25FE, 0x2614, 0x2615,
                    0x267F, 0x2693, 0x26A1, 0x26AA, 0x26AB, 0x26BD, 0x26BE, 0x26C4, 0x26C5, 0x26CE, 0x26D4, 0x26EA,
                    0x26F2, 0x26F3, 0x26F5, 0x26FA, 0x26FD, 0x2705, 0x270A, 0x270B, 0x2728, 0x274C, 0x274E, 0x2753,
                    0x2754, 0x2755, 0x2757, 0x2795, 0x2796, 0x2797, 0x27B0, 0x27BF, 0x2B1B, 0x2B1C, 0x2B50, 0x2B55,
                    // text-default in Unicode but used as emoji on Weibo without a variation selector
                    0x2764, 0x263A, 0x2639, 0x270C, 0x261D, 0x2600, 0x2744, 0x26A0, 0x2714 -> true;
            default -> cp >= 0x2648 && cp <= 0x2653; // zodiac
        };
    }

    /** A symbol that is an emoji only when followed by U+FE0F (☁️ ✈️ ♻️ ➡️ …). */
    static boolean isTextDefault(int cp) {
        return (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x2B05 && cp <= 0x2B07) || (cp >= 0x2194 && cp <= 0x21AA)
                || cp == 0x00A9 || cp == 0x00AE || cp == 0x2122 || cp == 0x2139 || cp == 0x203C || cp == 0x2049
                || cp == 0x2328 || cp == 0x23CF || cp == 0x24C2 || cp == 0x25AA || cp == 0x25AB || cp == 0x25B6
                || cp == 0x25C0 || cp == 0x2934 || cp == 0x2935 || cp == 0x3030 || cp == 0x303D || cp == 0x3297
                || cp == 0x3299 || (cp >= 0x23ED && cp <= 0x23FA) || (cp >= 0x1F170 && cp <= 0x1F17F)
                || (cp >= 0x1F321 && cp <= 0x1F32C);
    }

    static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    /** Marks that continue the emoji before them: variation selectors, skin tones, keycap, tags. */
    static boolean isModifier(int cp) {
        return cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0x20E3
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }

    /**
     * The end (exclusive) of the emoji cluster starting at {@code i}, or {@code i} when none starts
     * there.
     */
    static int clusterEnd(CharSequence s, int i) {
        int n = s.length();
        int cp = Character.codePointAt(s, i);
        int j = i + Character.charCount(cp);
        if (isKeycapBase(cp)) { // 1️⃣ : digit, optional FE0F, then U+20E3
            int k = j;
            if (k < n && s.charAt(k) == '\uFE0F') {
                k++;
            }
            return k < n && s.charAt(k) == '\u20E3' ? k + 1 : i;
        }
        if (isRegionalIndicator(cp)) {
            if (j < n) {
                int next = Character.codePointAt(s, j);
                if (isRegionalIndicator(next)) {
                    return j + Character.charCount(next);
                }
            }
            return j;
        }
        if (!isBase(cp) && !(isTextDefault(cp) && j < n && s.charAt(j) == '\uFE0F')) {
            return i;
        }
        while (j < n) {
            int c = Character.codePointAt(s, j);
            if (isModifier(c)) {
                j += Character.charCount(c);
            } else if (c == 0x200D && j + 1 < n) { // zero-width joiner: 👨‍👩‍👧 is one emoji
                int after = Character.codePointAt(s, j + 1);
                if (isBase(after) || isTextDefault(after)) {
                    j += 1 + Character.charCount(after);
                } else {
                    break;
                }
            } else {
                break;
            }
        }
        return j;
    }
}
