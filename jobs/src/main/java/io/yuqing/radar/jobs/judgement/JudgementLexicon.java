package io.yuqing.radar.jobs.judgement;

import com.hankcs.hanlp.collection.AhoCorasick.AhoCorasickDoubleArrayTrie;
import io.yuqing.radar.schemas.Category;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The terms topics are judged by (judgement-lexicon.txt documents the format and the sections):
 * domain terms per {@link Category}, content-signal terms per {@link Signal}, and the three rumour
 * sections. One Aho–Corasick automaton (HanLP's) finds every term in a text in one pass.
 *
 * <p>The shipped file is always loaded; an operator's file adds terms, changes weights and removes
 * terms ({@code -term}). An unknown section, a malformed weight or an unreadable file is an error
 * that names the file and line, so a typo never silently leaves a domain without its terms.
 */
public final class JudgementLexicon {
    static final String SHIPPED = "judgement-lexicon.txt";
    private static final Pattern SECTION = Pattern.compile("^\\[([a-z_.]+)]$");
    private static final Map<String, JudgementLexicon> LOADED = new ConcurrentHashMap<>();

    /** One section a term belongs to, with its weight there. */
    public record Entry(String section, double weight) {}

    /**
     * A term's weights by section, indexed by {@link Category} and {@link Signal} ordinal (0 where
     * the term is not in a section). The topic stage sums them for every sampled post of every
     * window; looking up each section by its name there was a sixth of that thread's time.
     */
    record Weights(double[] categories, double[] signals, double claim, double sourced) {}

    private final Map<String, List<Entry>> terms;
    private final Map<String, Weights> weights;
    private final AhoCorasickDoubleArrayTrie<String> automaton = new AhoCorasickDoubleArrayTrie<>();
    private final String source;

    private JudgementLexicon(Map<String, Map<String, Double>> sections, String source) {
        Map<String, List<Entry>> byTerm = new HashMap<>();
        TreeMap<String, String> keys = new TreeMap<>();
        sections.forEach((section, ts) -> ts.forEach((term, w) -> {
            byTerm.computeIfAbsent(term, x -> new ArrayList<>()).add(new Entry(section, w));
            keys.put(term, term);
        }));
        byTerm.replaceAll((t, es) -> List.copyOf(es));
        this.terms = Collections.unmodifiableMap(byTerm);
        Map<String, Weights> w = new HashMap<>();
        byTerm.forEach((t, es) -> w.put(t, weights(es)));
        this.weights = Collections.unmodifiableMap(w);
        this.source = source;
        if (!keys.isEmpty()) {
            automaton.build(keys);
        }
    }

    /** The shipped lexicon. */
    public static JudgementLexicon shipped() {
        return load(null);
    }

    /**
     * The shipped lexicon extended by the operator's {@code file} (null or blank: none), loaded once
     * per JVM and file, since every task slot of a TaskManager judges with the same one.
     */
    public static JudgementLexicon load(String file) {
        return load(file, List.of());
    }

    /**
     * The shipped lexicon, the operator's {@code file} over it, then each of {@code updates} (texts in
     * the file's format, from the topics job's lexicon topic) over that, in order; loaded once per
     * JVM and combination.
     */
    public static JudgementLexicon load(String file, List<String> updates) {
        String path = file == null ? "" : file.strip();
        String key = updates.isEmpty() ? path : path + "\u0000" + String.join("\u0000", updates);
        return LOADED.computeIfAbsent(key, x -> {
            Map<String, Map<String, Double>> sections = base(path);
            for (int i = 0; i < updates.size(); i++) {
                try {
                    read(new BufferedReader(new java.io.StringReader(updates.get(i))), "update " + (i + 1), sections);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            String name = path.isEmpty() ? SHIPPED : SHIPPED + " + " + path;
            return new JudgementLexicon(sections, updates.isEmpty() ? name : name + " + " + updates.size() + " updates");
        });
    }

    /**
     * Checks a live update (text in the file's format) without applying it: an unknown section, a
     * term before any section or a malformed weight throws, naming the line.
     */
    public static void checkUpdate(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("the update is empty");
        }
        Map<String, Map<String, Double>> sections = new LinkedHashMap<>();
        try {
            read(new BufferedReader(new java.io.StringReader(text)), "update", sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped sections with the operator's file {@code k} (blank: none) over them. */
    private static Map<String, Map<String, Double>> base(String k) {
        Map<String, Map<String, Double>> sections = new LinkedHashMap<>();
        try (InputStream in = JudgementLexicon.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException(SHIPPED + " is missing from the classpath");
            }
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), SHIPPED, sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!k.isEmpty()) {
            Path p = Path.of(k);
            try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                read(r, p.toString(), sections);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the judgement lexicon " + p + ": " + e, e);
            }
        }
        return sections;
    }

    /** A lexicon from text in the file format, over nothing shipped (tests, and checking an operator's file). */
    public static JudgementLexicon parse(String text, String name) {
        Map<String, Map<String, Double>> sections = new LinkedHashMap<>();
        try {
            read(new BufferedReader(new java.io.StringReader(text)), name, sections);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new JudgementLexicon(sections, name);
    }

    private static void read(BufferedReader r, String name, Map<String, Map<String, Double>> sections)
            throws IOException {
        String section = null;
        int n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            int hash = line.indexOf('#');
            String s = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (s.isEmpty()) {
                continue;
            }
            Matcher m = SECTION.matcher(s);
            if (m.matches()) {
                section = m.group(1);
                if (!known(section)) {
                    throw new IllegalArgumentException(name + " line " + n + ": unknown section [" + section
                            + "]; sections are category.<" + String.join("|", codes()) + ">, signal.<"
                            + String.join("|", Signal.names()) + ">, rumor.claim, rumor.question, rumor.sourced");
                }
                sections.computeIfAbsent(section, x -> new LinkedHashMap<>());
                continue;
            }
            if (section == null) {
                throw new IllegalArgumentException(name + " line " + n + ": a term before any [section]");
            }
            for (String token : s.split("\\s+")) {
                boolean remove = token.startsWith("-") && token.length() > 1;
                String t = remove ? token.substring(1) : token;
                double weight = 1;
                int colon = t.lastIndexOf(':');
                if (colon > 0) {
                    try {
                        weight = Double.parseDouble(t.substring(colon + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(name + " line " + n + ": '" + token
                                + "' has no number after ':'", e);
                    }
                    if (!(weight > 0) || weight > 10) {
                        throw new IllegalArgumentException(name + " line " + n + ": weight of '" + token
                                + "' must be in (0, 10]");
                    }
                    t = t.substring(0, colon);
                }
                String term = normalise(t);
                if (remove) {
                    sections.get(section).remove(term);
                } else {
                    sections.get(section).put(term, weight);
                }
            }
        }
    }

    private static boolean known(String section) {
        if (section.startsWith("category.")) {
            return codes().contains(section.substring("category.".length()));
        }
        if (section.startsWith("signal.")) {
            return Signal.names().contains(section.substring("signal.".length()));
        }
        return section.equals("rumor.claim") || section.equals("rumor.question") || section.equals("rumor.sourced");
    }

    private static List<String> codes() {
        return Arrays.stream(Category.values()).map(Category::json).toList();
    }

    /** Terms are matched on normalised text (half-width, lower case ASCII), so they are stored that way. */
    static String normalise(String term) {
        StringBuilder sb = new StringBuilder(term.length());
        for (int i = 0; i < term.length(); i++) {
            char c = term.charAt(i);
            if (c >= '\uFF01' && c <= '\uFF5E') {
                c = (char) (c - 0xFEE0);
            }
            sb.append(c);
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    /**
     * The terms found in {@code text}, each once, in order of first appearance. A term inside a
     * longer one found at the same place is not counted again (暴雨 inside 大暴雨, 事故 inside 交通事故).
     */
    public List<String> find(String text) {
        if (text == null || text.isEmpty() || terms.isEmpty()) {
            return List.of();
        }
        String t = normalise(text);
        List<AhoCorasickDoubleArrayTrie<String>.Hit<String>> hits = automaton.parseText(t);
        if (hits.isEmpty()) {
            return List.of();
        }
        hits.sort((a, b) -> a.end - a.begin != b.end - b.begin ? (b.end - b.begin) - (a.end - a.begin) : a.begin - b.begin);
        boolean[] covered = new boolean[t.length()];
        TreeMap<Integer, String> kept = new TreeMap<>();
        for (var h : hits) {
            boolean inside = true;
            for (int i = h.begin; i < h.end; i++) {
                inside &= covered[i];
            }
            if (inside) {
                continue;
            }
            for (int i = h.begin; i < h.end; i++) {
                covered[i] = true;
            }
            kept.putIfAbsent(h.begin, h.value);
        }
        return new ArrayList<>(new LinkedHashSet<>(kept.values()));
    }

    private static Weights weights(List<Entry> entries) {
        double[] categories = new double[Category.values().length];
        double[] signals = new double[Signal.values().length];
        double claim = 0;
        double sourced = 0;
        for (Entry e : entries) {
            String s = e.section();
            if (s.startsWith("category.")) {
                categories[Category.of(s.substring("category.".length())).ordinal()] = e.weight();
            } else if (s.startsWith("signal.")) {
                signals[Signal.valueOf(s.substring("signal.".length()).toUpperCase(Locale.ROOT)).ordinal()] = e.weight();
            } else if (s.equals("rumor.claim")) {
                claim = e.weight();
            } else if (s.equals("rumor.sourced")) {
                sourced = e.weight();
            }
        }
        return new Weights(categories, signals, claim, sourced);
    }

    /** {@code term}'s weights by section; null for a term not in the lexicon. */
    Weights weights(String term) {
        return weights.get(term);
    }

    /** The sections {@code term} is in, with its weights; empty for a term not in the lexicon. */
    public List<Entry> entries(String term) {
        return terms.getOrDefault(term, List.of());
    }

    /** Per category, the summed weight of {@code found} terms in it. */
    public Map<Category, Double> categoryWeights(List<String> found) {
        Map<Category, Double> w = new EnumMap<>(Category.class);
        Category[] categories = Category.values();
        for (String t : found) {
            Weights tw = weights(t);
            for (int i = 0; tw != null && i < categories.length; i++) {
                if (tw.categories[i] > 0) {
                    w.merge(categories[i], tw.categories[i], Double::sum);
                }
            }
        }
        return w;
    }

    /** The summed weight of {@code found} terms in one section ({@code signal.casualties}, {@code rumor.claim} …). */
    public double weight(List<String> found, String section) {
        double w = 0;
        for (String t : found) {
            for (Entry e : entries(t)) {
                if (e.section().equals(section)) {
                    w += e.weight();
                }
            }
        }
        return w;
    }

    /** Terms in all sections, for the startup line. */
    public int size() {
        return terms.size();
    }

    /** Which files this lexicon was read from. */
    public String source() {
        return source;
    }
}
