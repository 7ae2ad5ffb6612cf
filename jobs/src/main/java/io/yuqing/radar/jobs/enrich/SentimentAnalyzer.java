package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Lexicon- and rule-based sentiment for Chinese social-media text, from the project's own
 * hand-written lexicon ({@code sentiment-lexicon.txt}).
 *
 * <p>The text is matched against the lexicon leftmost-longest (so 不错 is one positive word, not
 * 不 + 错, and 不过 an adversative) and read clause by clause:
 * <ul>
 *   <li>a sentiment word contributes its weight, times the degree words before it (很 非常 有点 …)
 *       and an intensifying suffix right after it (萌死了 好看极了);</li>
 *   <li>an odd number of negations (不 没 别 无 未 非 …) before it in the clause flips it and
 *       weakens it (不好 is less negative than 差); negation before a degree word softens instead
 *       (不太好); a negated negative (不怕, 没问题, 不要难过) is barely positive;</li>
 *   <li>praise in scare quotes or after 所谓 (所谓的优质服务, 真是“高效”) is irony: it counts
 *       against;</li>
 *   <li>after an irrealis marker (如果 希望 以为 早知道) positive words in the sentence weigh little:
 *       they are wished for or imagined;</li>
 *   <li>after an adversative (但是 却 可是 不过 …) the rest of the sentence weighs more and what
 *       came before less; a concessive (虽然 尽管) clause weighs less;</li>
 *   <li>an exclamation mark strengthens its clause; Weibo emoticons ([怒] [泪] [赞]) and Unicode
 *       emoji add their own weight outside clause rules ([微笑] is light: often sarcastic; a repeat
 *       adds little);</li>
 *   <li>a question with a question word and no sentiment words (凭什么…? 怎么就…呢?) or a good
 *       thing questioned with 吗 (这有意思吗) reads as reproach, and a bare outcry (!!, ?!) as
 *       agitation: all weakly negative.</li>
 * </ul>
 * The summed evidence is squashed to a score in (-1, 1) with tanh; below a small magnitude the
 * text is neutral. The lexicon is immutable and shared; an instance is stateless and thread-safe.
 */
public final class SentimentAnalyzer {
    private static final String RESOURCE = "io/yuqing/radar/jobs/enrich/sentiment-lexicon.txt";
    private static final Lexicon LEXICON = Lexicon.load(RESOURCE);

    /** Evidence below this magnitude is neutral. */
    static final double NEUTRAL_BAND = 0.3;
    private static final double NEGATED = -0.8;
    /**
     * How many characters a negation (or a degree word after it) reaches across to its sentiment
     * word: 不太好 and 没那么好 are in reach; in 不能说话太痛苦了 the 不 negates 说话, not 痛苦.
     */
    private static final int NEGATION_REACH = 4;
    private static final double SOFTENED = 0.4;
    private static final double NEGATED_NEGATIVE = 0.15;
    private static final double IRREALIS = 0.3;
    private static final double IRONIC = -0.6;
    private static final double REPEATED_EMOTICON = 0.25;
    private static final double RHETORICAL_QUESTION = -0.4;
    private static final double BARE_OUTCRY = -0.35;
    private static final double BEFORE_ADVERSATIVE = 0.5;
    private static final double AFTER_ADVERSATIVE = 1.5;
    private static final double CONCESSIVE = 0.5;
    private static final double EXCLAMATION = 1.4;

    enum Kind { WORD, NEGATION, DENIAL, DEGREE, POSTDEGREE, ADVERSATIVE, CONCESSIVE, QUESTION, IRREALIS, IRONY, EMOTICON, NEUTRAL }

    /** A lexicon entry; {@code alone} is what a POSTDEGREE entry means when no word precedes it. */
    record Entry(Kind kind, double value, Entry alone) {
        Entry(Kind kind, double value) {
            this(kind, value, null);
        }
    }

    private static final Entry GOOD_AS_DEGREE = new Entry(Kind.DEGREE, 1.5);

    /** Entries in the lexicon (words, emoticons, rule words). */
    static int lexiconSize() {
        return LEXICON.size;
    }

    public SentimentResult analyze(String text) {
        return analyze(text, List.of());
    }

    /**
     * @param text   normalised text (bracket emoticons such as [怒] still in it)
     * @param emojis Unicode emoji lifted out of the text (bracket emoticons in this list are ignored:
     *               they are read from the text)
     */
    public SentimentResult analyze(String text, List<String> emojis) {
        double total = 0;
        for (String e : emojis) {
            if (!e.startsWith("[")) {
                Entry en = LEXICON.emoji.get(e);
                if (en == null && e.length() > 2) { // 👍🏻 → 👍: skin tones and selectors carry no sentiment
                    en = LEXICON.emoji.get(e.substring(0, Character.charCount(e.codePointAt(0))));
                }
                if (en != null) {
                    total += en.value();
                }
            }
        }
        if (text != null && !text.isEmpty()) {
            total += scoreText(text);
        }
        if (Math.abs(total) < NEUTRAL_BAND) {
            return total == 0 ? SentimentResult.NEUTRAL : new SentimentResult(Sentiment.NEUTRAL, round(Math.tanh(total / 2)), total);
        }
        double score = round(Math.tanh(total / 2));
        return new SentimentResult(total > 0 ? Sentiment.POSITIVE : Sentiment.NEGATIVE, score, total);
    }

    private static double round(double d) {
        return Math.round(d * 1000) / 1000.0;
    }

    private static double scoreText(String s) {
        double total = 0;
        double sentence = 0;       // this sentence's clauses so far
        double clause = 0;         // this clause's words so far
        boolean clauseHasWords = false;
        boolean clauseAsks = false; // a question word (怎么 凭什么 难道) in this clause
        double sentenceWeight = 1; // 1.5 after an adversative, until the sentence ends
        double clauseWeight = 1;   // 0.5 in a concessive clause
        int negations = 0;
        int scopeEnd = -1;         // where the last negation or degree word ended
        double degree = 1;
        boolean degreeAfterNegation = false;
        boolean irrealis = false;  // 如果 希望 以为 …: good things wished for or imagined, not had
        boolean ironic = false;    // 所谓的 …: the next good word is mocked
        Entry lastEmoticon = null;
        double lastWord = 0;       // the last sentiment word's contribution, and where it ended
        int lastWordEnd = -1;
        int n = s.length();
        int i = 0;
        while (i <= n) {
            char c = i < n ? s.charAt(i) : '\n';
            if (isClauseEnd(c)) {
                // the clause's punctuation: ! strengthens it; a sentence end closes the sentence
                char last = i > 0 ? s.charAt(i - 1) : ' ';
                int exclaims = 0;
                int questions = 0;
                boolean sentenceEnd = i >= n;
                while (i < n && isClauseEnd(s.charAt(i))) {
                    char p = s.charAt(i);
                    if (p == '!' || p == '！') {
                        exclaims++;
                    } else if (p == '?' || p == '？') {
                        questions++;
                    }
                    sentenceEnd |= isSentenceEnd(p);
                    i++;
                }
                sentenceEnd |= i >= n;
                if (clauseHasWords && clause > 0 && (last == '吗' || last == '么')) {
                    sentence += RHETORICAL_QUESTION; // 这有意思吗 这样好吗: good things questioned, reproach
                } else if (clauseHasWords) {
                    sentence += clause * clauseWeight * (exclaims > 0 ? EXCLAMATION : 1);
                } else if (questions > 0 && clauseAsks) {
                    sentence += RHETORICAL_QUESTION; // 凭什么…? 怎么就…呢? : reproach, not enquiry
                } else if (exclaims + questions >= 2) {
                    sentence += BARE_OUTCRY; // !!! or ?! with no sentiment words: agitation
                }
                clause = 0;
                clauseHasWords = false;
                clauseAsks = false;
                ironic = false;
                clauseWeight = 1;
                negations = 0;
                degree = 1;
                degreeAfterNegation = false;
                if (sentenceEnd) {
                    total += sentence;
                    sentence = 0;
                    sentenceWeight = 1;
                    irrealis = false;
                }
                if (i >= n) {
                    break;
                }
                continue;
            }
            int end = LEXICON.trie.longestMatch(s, i);
            if (end < 0 || !wordBoundaries(s, i, end)) {
                i = isAsciiLetter(c) ? skipAsciiWord(s, i) : i + 1;
                continue;
            }
            Entry e = LEXICON.trie.valueAt(s, i, end);
            if (end == i + 1 && c == '好' && end < n && !isStandaloneEnd(s.charAt(end))) {
                e = GOOD_AS_DEGREE; // 好开心 好难过 好长: an adverb; 好! 身体好 好啊: good
            }
            if (e.kind() == Kind.POSTDEGREE) {
                if (lastWordEnd == i) {
                    // 萌死了 乐死我了 好看极了: the suffix intensifies the word just before it
                    clause += lastWord * (e.value() - 1);
                    lastWord *= e.value();
                    i = end;
                    continue;
                }
                e = e.alone(); // 他死了: a word of its own
            }
            int start = i;
            i = end;
            if (negations > 0 && start > scopeEnd + NEGATION_REACH
                    && (e.kind() == Kind.WORD || e.kind() == Kind.DEGREE)) {
                // 不能说话太痛苦了: the negation belongs to 说话, too far back to reach 痛苦
                negations = 0;
                degreeAfterNegation = false;
            }
            switch (e.kind()) {
                case WORD -> {
                    double v = e.value() * degree;
                    if (v > 0 && (ironic || inScareQuotes(s, start, end))) {
                        v *= IRONIC; // 所谓的优质服务, 真是“高效”: praise in scare quotes mocks
                        ironic = false;
                    }
                    if (irrealis && v > 0) {
                        v *= IRREALIS;
                    }
                    if ((negations & 1) == 1) {
                        // 不好 → negative, weaker than 差; 不太好 (degree after the negation) weaker
                        // still; a negated negative (不怕, 没问题) is only mildly positive
                        v = e.value() < 0 ? -e.value() * NEGATED_NEGATIVE
                                : degreeAfterNegation ? -e.value() * SOFTENED : v * NEGATED;
                    }
                    clause += v * sentenceWeight;
                    clauseHasWords = true;
                    lastWord = v * sentenceWeight;
                    lastWordEnd = end;
                    negations = 0;
                    degree = 1;
                    degreeAfterNegation = false;
                }
                case NEGATION -> {
                    negations++;
                    scopeEnd = end;
                }
                case DENIAL -> {
                    // 谁说这里的服务好: a denial reaches the first sentiment word of its clause, however far
                    negations++;
                    scopeEnd = n;
                }
                case DEGREE -> {
                    degree *= e.value();
                    scopeEnd = end;
                    degreeAfterNegation |= negations > 0;
                }
                case ADVERSATIVE -> {
                    sentence = (sentence + clause * clauseWeight) * BEFORE_ADVERSATIVE;
                    total *= 0.8;
                    clause = 0;
                    clauseHasWords = false;
                    clauseWeight = 1;
                    sentenceWeight = AFTER_ADVERSATIVE;
                    negations = 0;
                    degree = 1;
                }
                case CONCESSIVE -> clauseWeight = CONCESSIVE;
                case QUESTION -> clauseAsks = true;
                case IRREALIS -> irrealis = true;
                case IRONY -> ironic = true;
                case EMOTICON -> {
                    // [哈哈][哈哈][哈哈] says 哈哈 once, loudly, not three times
                    total += e == lastEmoticon ? e.value() * REPEATED_EMOTICON : e.value();
                    lastEmoticon = e;
                }
                case NEUTRAL -> { }
            }
        }
        return total;
    }

    /** A word standing alone in quotation marks: “高效”, 「专业」. */
    private static boolean inScareQuotes(String s, int start, int end) {
        if (start == 0 || end >= s.length()) {
            return false;
        }
        char open = s.charAt(start - 1);
        char close = s.charAt(end);
        return (open == '“' && close == '”') || (open == '"' && close == '"') || (open == '「' && close == '」')
                || (open == '『' && close == '』') || (open == '\'' && close == '\'') || (open == '‘' && close == '’');
    }

    /** Particles and punctuation after which 好 stands alone (好啊 好吧 好!). */
    private static boolean isStandaloneEnd(char c) {
        return isClauseEnd(c) || switch (c) {
            case '啊', '呀', '吧', '呢', '的', '哦', '了', '啦', '嘛', '滴', '吗', '哈', '耶', '噢', '喔', '～', '[' -> true;
            default -> false;
        };
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static int skipAsciiWord(String s, int i) {
        while (i < s.length() && isAsciiLetter(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A Latin-letter entry (sb, nice, tmd) must be a whole word: not the sb of usb. */
    private static boolean wordBoundaries(String s, int from, int end) {
        return !(isAsciiLetter(s.charAt(from)) && from > 0 && isAsciiLetter(s.charAt(from - 1)))
                && !(isAsciiLetter(s.charAt(end - 1)) && end < s.length() && isAsciiLetter(s.charAt(end)));
    }

    private static boolean isClauseEnd(char c) {
        return switch (c) {
            case ',', '，', '。', '.', '!', '！', '?', '？', ';', '；', '~', '～', '\n', ' ', '、', '…', ':', '：' -> true;
            default -> false;
        };
    }

    private static boolean isSentenceEnd(char c) {
        return switch (c) {
            case '。', '!', '！', '?', '？', ';', '；', '\n', '…' -> true;
            default -> false;
        };
    }

    /** The loaded lexicon: a trie over every entry and a map for Unicode emoji. */
    static final class Lexicon {
        final Trie trie;
        final Map<String, Entry> emoji;
        final int size;

        private Lexicon(Trie trie, Map<String, Entry> emoji, int size) {
            this.trie = trie;
            this.emoji = emoji;
            this.size = size;
        }

        static Lexicon load(String resource) {
            Map<String, Entry> words = new TreeMap<>();
            Map<String, Entry> emoji = new HashMap<>();
            try (InputStream in = SentimentAnalyzer.class.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException(resource + " is missing from the jobs jar");
                }
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Kind kind = null;
                double sign = 1;
                int lineNo = 0;
                for (String line; (line = r.readLine()) != null; ) {
                    lineNo++;
                    String s = line.strip();
                    if (s.isEmpty() || s.startsWith("#")) {
                        continue;
                    }
                    if (s.startsWith("@")) {
                        String section = s.substring(1).strip();
                        sign = 1;
                        kind = switch (section) {
                            case "positive" -> Kind.WORD;
                            case "negative" -> { sign = -1; yield Kind.WORD; }
                            case "negation" -> Kind.NEGATION;
                            case "denial" -> Kind.DENIAL;
                            case "degree" -> Kind.DEGREE;
                            case "postdegree" -> Kind.POSTDEGREE;
                            case "adversative" -> Kind.ADVERSATIVE;
                            case "concessive" -> Kind.CONCESSIVE;
                            case "question" -> Kind.QUESTION;
                            case "irrealis" -> Kind.IRREALIS;
                            case "irony" -> Kind.IRONY;
                            case "emoticon" -> Kind.EMOTICON;
                            case "neutral" -> Kind.NEUTRAL;
                            default -> throw new IllegalStateException(resource + " line " + lineNo + ": unknown section " + s);
                        };
                        continue;
                    }
                    if (kind == null) {
                        throw new IllegalStateException(resource + " line " + lineNo + ": entry before any section");
                    }
                    for (String item : s.split("\\s+(?=[^\\d.\\-])")) { // several "word [value]" on a line
                        String[] f = item.strip().split("\\s+");
                        double v = f.length > 1 ? Double.parseDouble(f[1]) : (kind == Kind.DEGREE ? 1.5 : 1.0);
                        Entry e = kind == Kind.POSTDEGREE
                                ? new Entry(kind, v, f.length > 2 ? new Entry(Kind.WORD, Double.parseDouble(f[2])) : new Entry(Kind.NEUTRAL, 0))
                                : new Entry(kind, kind == Kind.WORD ? sign * v : v);
                        if (kind == Kind.EMOTICON && !f[0].startsWith("[")) {
                            emoji.put(f[0], e);
                        } else {
                            words.put(f[0], e);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Lexicon(Trie.of(words), Map.copyOf(emoji), words.size() + emoji.size());
        }
    }

    /** A character trie, children sorted per node for binary search; built once, read-only. */
    static final class Trie {
        private final char[] keys;
        private final Trie[] children;
        private final Entry value;

        private final Trie[] first; // root only: child by first character, all 64K of them

        private Trie(char[] keys, Trie[] children, Entry value, boolean root) {
            this.keys = keys;
            this.children = children;
            this.value = value;
            this.first = root ? new Trie[Character.MAX_VALUE + 1] : null;
            if (root) {
                for (int k = 0; k < keys.length; k++) {
                    first[keys[k]] = children[k];
                }
            }
        }

        static Trie of(Map<String, Entry> words) {
            return build(new TreeMap<>(words), 0);
        }

        private static Trie build(TreeMap<String, Entry> words, int depth) {
            Entry value = null;
            TreeMap<Character, TreeMap<String, Entry>> byChar = new TreeMap<>();
            for (Map.Entry<String, Entry> w : words.entrySet()) {
                if (w.getKey().length() == depth) {
                    value = w.getValue();
                } else {
                    byChar.computeIfAbsent(w.getKey().charAt(depth), k -> new TreeMap<>()).put(w.getKey(), w.getValue());
                }
            }
            char[] keys = new char[byChar.size()];
            Trie[] children = new Trie[byChar.size()];
            int k = 0;
            for (Map.Entry<Character, TreeMap<String, Entry>> e : byChar.entrySet()) {
                keys[k] = e.getKey();
                children[k++] = build(e.getValue(), depth + 1);
            }
            return new Trie(keys, children, value, depth == 0);
        }

        /** End (exclusive) of the longest entry starting at {@code from}, or -1. */
        int longestMatch(CharSequence s, int from) {
            // the root is indexed directly: most positions start no entry and cost one array read
            Trie node = first[fold(s.charAt(from))];
            if (node == null) {
                return -1;
            }
            int best = node.value != null ? from + 1 : -1;
            for (int i = from + 1; i < s.length(); i++) {
                int k = Arrays.binarySearch(node.keys, fold(s.charAt(i)));
                if (k < 0) {
                    break;
                }
                node = node.children[k];
                if (node.value != null) {
                    best = i + 1;
                }
            }
            return best;
        }

        /** Latin letters match case-insensitively (entries are lower case). */
        private static char fold(char c) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }

        Entry valueAt(CharSequence s, int from, int end) {
            Trie node = this;
            for (int i = from; i < end; i++) {
                node = node.children[Arrays.binarySearch(node.keys, fold(s.charAt(i)))];
            }
            return node.value;
        }
    }
}
