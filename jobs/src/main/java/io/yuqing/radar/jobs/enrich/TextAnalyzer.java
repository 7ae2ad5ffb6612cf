package io.yuqing.radar.jobs.enrich;

import com.hankcs.hanlp.HanLP;
import com.hankcs.hanlp.seg.Segment;
import com.hankcs.hanlp.seg.common.Term;
import io.yuqing.radar.schemas.Entities;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Segments normalised text with HanLP (place, organisation and person recognition on) and keeps
 * what can make a topic: nouns, verbal nouns and verbs of two characters or more, minus stop
 * words. Not thread-safe: one instance per operator subtask.
 */
public final class TextAnalyzer {
    private static final int MAX_KEYWORDS = 8;
    private static final int MAX_PHRASES = 8;
    private static final String SENTENCE_PUNCTUATION = "!?,;:()[]\"'~";

    /**
     * Texts segmented lately, and what they held, most recently used last. A repost is analysed
     * with the text it reposts (its source's story), so a cascade's thousands of reposts bring the
     * same root text again and again (47 % of the CED posts are plain reposts, nearly all the rest
     * reposts with a few words of their own), and HanLP was half the enrich job's CPU time end to
     * end (bench/README.md, StackThroughput). What a text holds is a function of the text alone, so
     * a hit gives what segmenting it again would. Texts longer than {@value #MEMO_MAX_CHARS}
     * characters are not kept, which bounds the memo per subtask at 4M characters and what they hold
     * (a few tens of MB at worst; Weibo posts are mostly under 140 characters).
     */
    static final int MEMO_ENTRIES = 4_096;
    static final int MEMO_MAX_CHARS = 1_000;

    private final Segment segment = HanLP.newSegment()
            .enablePlaceRecognize(true)
            .enableOrganizationRecognize(true);
    private final Map<String, Found> recent = new LinkedHashMap<>(MEMO_ENTRIES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Found> eldest) {
            return size() > MEMO_ENTRIES;
        }
    };

    public TextAnalysis analyze(String text) {
        return found(text).analysis();
    }

    /**
     * Two texts as one (a repost's own words, then the text it reposts): what
     * {@code analyze(first + "\n" + second)} gives, terms and names of both in order, keywords
     * over both, but each text segmented on its own, so that the reposted one, the same for a whole
     * cascade, is segmented once (see {@link #recent}). No word spans the line break, so apart from
     * HanLP's choices next to it the two agree.
     */
    public TextAnalysis analyze(String first, String second) {
        return found(first).plus(found(second)).analysis();
    }

    private Found found(String text) {
        if (text == null || text.isBlank()) {
            return Found.NONE;
        }
        Found known = recent.get(text);
        if (known != null) {
            return known;
        }
        Found f = segmentOnce(text);
        if (text.length() <= MEMO_MAX_CHARS) {
            recent.put(text, f);
        }
        return f;
    }

    private Found segmentOnce(String text) {
        List<Term> seg = segment.seg(forSegmenter(text));
        List<String> terms = new ArrayList<>();
        Map<String, Double> score = new HashMap<>();
        Set<String> places = new LinkedHashSet<>();
        Set<String> orgs = new LinkedHashSet<>();
        Set<String> people = new LinkedHashSet<>();
        Set<String> phrases = new LinkedHashSet<>();
        String previousNoun = null;
        for (int i = 0; i < seg.size(); i++) {
            Term t = seg.get(i);
            String nature = t.nature.toString();
            String word = t.word;
            // HanLP splits "武汉市气象局" into place + institution suffix; together they name an organisation
            if (nature.startsWith("ns") && i + 1 < seg.size() && isInstitutionSuffix(seg.get(i + 1).nature.toString())) {
                word = word + seg.get(i + 1).word;
                nature = "nt";
                i++;
            } else if (i + 1 < seg.size() && isSplitPlaceName(t, seg.get(i + 1))) {
                word = word + seg.get(i + 1).word;
                nature = "ns";
                i++;
            } else {
                int parts = shopNameParts(seg, i);
                if (parts > 0) {
                    StringBuilder name = new StringBuilder(afterAspectParticle(seg, i));
                    for (int j = i + 1; j < i + parts; j++) {
                        name.append(seg.get(j).word);
                    }
                    word = name.toString();
                    nature = "nt";
                    i += parts - 1;
                }
            }
            if (nature.startsWith("ns") && isInsideSomething(word)) {
                nature = "f";
            }
            if (!isWord(word)) { // a mark, or a segment glued to one: neither a term nor a name
                previousNoun = null;
                continue;
            }
            if (nature.startsWith("ns")) {
                places.add(word);
            } else if (nature.startsWith("nt")) {
                orgs.add(word);
            } else if (nature.startsWith("nr")) {
                people.add(word);
            }
            double weight = weight(nature);
            boolean content = weight > 0 && word.length() >= 2 && !StopWords.contains(word);
            if (content) {
                terms.add(word);
                score.merge(word, weight, Double::sum);
            }
            // Two nouns side by side often name one thing (排水+系统, 建设+大道) that neither names alone.
            // Person names are left out: phrases feed topic titles, and topics are not about people.
            // All are kept here, the first MAX_PHRASES in the analysis, so that two texts' phrases
            // merge as one text's would.
            boolean noun = content && isPhraseNoun(nature);
            if (noun && previousNoun != null) {
                phrases.add(previousNoun + word);
            }
            previousNoun = noun ? word : null;
        }
        return new Found(List.copyOf(terms), Map.copyOf(score), List.copyOf(places), List.copyOf(orgs),
                List.copyOf(people), List.copyOf(phrases));
    }

    /** What segmenting a text found, before keywords are chosen: immutable, shared through the memo. */
    private record Found(List<String> terms, Map<String, Double> score, List<String> places, List<String> orgs,
                         List<String> people, List<String> phrases) {
        static final Found NONE = new Found(List.of(), Map.of(), List.of(), List.of(), List.of(), List.of());

        /** This text followed by {@code next}, as if segmented together (with no word across the join). */
        Found plus(Found next) {
            if (next == NONE) {
                return this;
            }
            if (this == NONE) {
                return next;
            }
            List<String> t = new ArrayList<>(terms);
            t.addAll(next.terms);
            Map<String, Double> s = new HashMap<>(score);
            next.score.forEach((w, v) -> s.merge(w, v, Double::sum));
            return new Found(t, s, union(places, next.places), union(orgs, next.orgs), union(people, next.people),
                    union(phrases, next.phrases));
        }

        private static List<String> union(List<String> a, List<String> b) {
            Set<String> u = new LinkedHashSet<>(a);
            u.addAll(b);
            return List.copyOf(u);
        }

        TextAnalysis analysis() {
            List<String> keywords = score.entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_KEYWORDS)
                    .map(Map.Entry::getKey)
                    .toList();
            return new TextAnalysis(List.copyOf(terms), keywords, new Entities(places, orgs, people),
                    phrases.size() <= MAX_PHRASES ? phrases : List.copyOf(phrases.subList(0, MAX_PHRASES)));
        }
    }

    /**
     * The text as HanLP reads it best. Bracket emoticons ({@code [心]}, {@code [可爱]}) become spaces:
     * segmented, their brackets glued to the word inside and the organisation recogniser took
     * {@code 心]} and {@code 可爱]} for names. ASCII sentence punctuation (which the normaliser made
     * of the full-width marks) goes back to full width: HanLP splits {@code ！} off a word, while it
     * glues {@code !} and {@code ?} to the characters before them (一辈子!, 们吧!, 呢?).
     */
    static String forSegmenter(String text) {
        StringBuilder b = new StringBuilder(TextNormalizer.withoutEmoticons(text));
        for (int i = 0; i < b.length(); i++) {
            char c = b.charAt(i);
            if (SENTENCE_PUNCTUATION.indexOf(c) >= 0) {
                b.setCharAt(i, (char) (c + 0xFEE0));
            }
        }
        return b.toString();
    }

    /**
     * Whether {@code w} is a word: letters and digits only (a foreign name's middle dot inside).
     * A segment with punctuation in it is a fragment of text around a mark, never a topic.
     */
    public static boolean isWord(String w) {
        if (w == null || w.isEmpty() || w.charAt(0) == '·' || w.charAt(w.length() - 1) == '·') {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            char c = w.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '·') {
                return false;
            }
        }
        return true;
    }

    private static boolean isPhraseNoun(String nature) {
        return (nature.startsWith("n") && !nature.startsWith("nr") && !nature.equals("nx")) || nature.equals("vn");
    }

    /**
     * Whether {@code name} and {@code suffix} are one place's name that HanLP split. It keeps 中山路
     * and 长安街 whole but cuts 和平大道, 建设大道, 人民大街, 环城高速 and 长江大桥 into a common word and a
     * suffix, and then tags 大道 alone as a place; so it does with housing estates (阳光/名苑,
     * 锦绣/华府, 翡翠/公馆), the place of every 业主维权 story. Split, the name was two generic
     * keywords (和平, 大道; 阳光, 名苑) and the suffix a place in every story on any avenue or
     * estate; whole, it is the story's location, as local accounts name it. The first part must be
     * a word of two to four characters that can name (a noun, or for a road a verb such as 解放 or
     * 振兴): 这条路, 进入高速 and 一座大桥 stay apart. A highway takes no plain verb before it (驶入高速
     * is driving onto one). Estates only by the suffixes developers name them with: 花园 and 家园
     * are everyday words (屋顶花园, 精神家园).
     */
    private static boolean isSplitPlaceName(Term name, Term suffix) {
        String kind = suffix.word;
        boolean road = ROAD_SUFFIXES.contains(kind);
        if (!road && !ESTATE_SUFFIXES.contains(kind) || name.word.length() < 2 || name.word.length() > 4
                || !allHan(name.word)) {
            return false;
        }
        String nature = name.nature.toString();
        return isPhraseNoun(nature) || nature.equals("b") || road && nature.equals("v") && !kind.equals("高速");
    }

    private static final Set<String> ROAD_SUFFIXES = Set.of("大道", "大街", "高速", "大桥");
    private static final Set<String> ESTATE_SUFFIXES = Set.of("名苑", "雅苑", "华府", "华庭", "豪庭", "公馆", "雅居",
            "嘉园", "城邦");

    /**
     * How many segments from {@code i} are one shop's name that HanLP took for a person's: "X记"
     * and a kind of shop (陈记面馆, 王记快餐, 云记食堂), the commonest way an eatery is named, comes out
     * as a person 陈记/nr and a common noun, or as 老周/nz, 记/v and the noun. The shop, the 涉事单位
     * of most food-safety stories, was then no term at all (a person's name is none, by design) and
     * its kind a common word in every canteen story; whole, it is one organisation. 0 when the
     * segments are not such a name: a person named next to a shop (王明在食堂) stays apart.
     */
    private static int shopNameParts(List<Term> seg, int i) {
        Term name = seg.get(i);
        String nature = name.nature.toString();
        if (!(nature.startsWith("nr") || nature.equals("nz")) || !allHan(name.word)) {
            return 0;
        }
        if (name.word.length() >= 2 && name.word.length() <= 3 && name.word.endsWith("记")) {
            return i + 1 < seg.size() && SHOP_KINDS.contains(seg.get(i + 1).word) ? 2 : 0;
        }
        return name.word.length() <= 3 && i + 2 < seg.size() && seg.get(i + 1).word.equals("记")
                && SHOP_KINDS.contains(seg.get(i + 2).word) ? 3 : 0;
    }

    /**
     * The first segment of a shop's name without an aspect particle HanLP read as a surname: in
     * 吃过云记食堂 it cuts 吃/v 过云/nr 记 食堂 (过 is a surname too), and the shop is 云记食堂.
     */
    private static String afterAspectParticle(List<Term> seg, int i) {
        String w = seg.get(i).word;
        boolean afterVerb = i > 0 && seg.get(i - 1).nature.toString().startsWith("v");
        return afterVerb && w.length() >= 2 && "过了着".indexOf(w.charAt(0)) >= 0 ? w.substring(1) : w;
    }

    private static boolean allHan(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (Character.UnicodeScript.of(w.charAt(i)) != Character.UnicodeScript.HAN) {
                return false;
            }
        }
        return true;
    }

    private static final Set<String> SHOP_KINDS = Set.of("食堂", "餐厅", "饭店", "饭馆", "餐馆", "酒楼", "酒家", "小馆",
            "面馆", "粉店", "粉面馆", "快餐", "快餐店", "小吃", "烧烤", "烤肉", "火锅", "炸鸡", "麻辣烫", "卤味", "甜品",
            "奶茶", "茶餐厅", "包子铺", "早餐店", "超市", "药店", "药房", "大药房", "食品厂");

    /**
     * Whether a "place" HanLP found is a thing and 里 ("in it"): it tags 群里, 菜里, 店里 and 碗里 as
     * places, and once 的菜里 with the particle before it. Taken for places, they were a name of
     * its own in every post that said 在群里说 (so such posts counted as about somewhere else, not
     * about the story they told) and a keyword of the topic. A place called by one character and
     * 里 is not one that posts name; 三里屯 and 平安里 are longer.
     */
    private static boolean isInsideSomething(String place) {
        return place.length() == 2 && place.charAt(1) == '里' || place.startsWith("的");
    }

    private static boolean isInstitutionSuffix(String nature) {
        return nature.equals("nis") || nature.equals("nit");
    }

    /** How much a part of speech says about a topic; 0 = not a term. Named entities say most. */
    private static double weight(String nature) {
        if (nature.startsWith("ns") || nature.startsWith("nt") || nature.startsWith("nz")) {
            return 2.0;
        }
        if (nature.startsWith("nr")) {
            return 1.5;
        }
        if (nature.equals("nx")) {
            return 0; // letters and symbols
        }
        if (nature.startsWith("n") || nature.equals("gi")) {
            return 1.5;
        }
        if (nature.equals("vn")) {
            return 1.2;
        }
        if (nature.equals("v") || nature.equals("vi")) {
            return 1.0;
        }
        return 0;
    }
}
