package io.yuqing.radar.jobs.judgement;

import com.hankcs.hanlp.classification.classifiers.NaiveBayesClassifier;
import com.hankcs.hanlp.classification.corpus.Document;
import com.hankcs.hanlp.classification.corpus.MemoryDataSet;
import com.hankcs.hanlp.classification.models.NaiveBayesModel;
import com.hankcs.hanlp.classification.tokenizers.BigramTokenizer;
import com.hankcs.hanlp.classification.utilities.io.ConsoleLogger;
import com.hankcs.hanlp.classification.utilities.io.ILogger;
import com.hankcs.hanlp.collection.trie.bintrie.BinTrie;
import io.yuqing.radar.jobs.enrich.TextNormalizer;
import io.yuqing.radar.schemas.Category;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A category classifier trained on an office's own labelled texts, to sit beside the lexicon:
 * HanLP's naive Bayes (chi-square feature selection) over the character bigrams of the text as the
 * project normalises it (HanLP's {@link BigramTokenizer}), plus one pseudo-word per unit of each
 * domain's lexicon weight in the text ({@code §crime}), so the terms operators curate count as
 * evidence the model learns to weigh (they lift its 5-fold accuracy on the 400 labelled CED events
 * from 0.67 to 0.70). Chosen over a linear model (liblinear): on bigrams alone naive Bayes had 0.66,
 * logistic regression or a linear SVM 0.64–0.65 (0.59 with the segmenter's terms); with the lexicon
 * features as well, over three fold splits, naive Bayes 0.68–0.71 and the best-tuned linear model
 * 0.69–0.72, a gap no larger than the spread between splits: not worth a second classifier library.
 * The model is tied to the lexicon it was trained with: retrain after changing the lexicon much.
 *
 * <p>The model file is text: a header of {@code key<TAB>value} lines says what it is, when and from
 * how many examples of which categories it was trained, and its cross-validated accuracy per
 * category, so an operator can tell one model from another without running it; then the tables.
 * Immutable once built; {@link #predict} is safe from several threads.
 */
public final class CategoryModel {
    static final String FORMAT = "yuqing-category-model 1";
    static final String ENGINE = "hanlp-naive-bayes char-bigrams+lexicon-domains";
    /** A post's domain weight counts up to this many pseudo-words, as in the lexicon's tally. */
    static final int MAX_DOMAIN_WORDS = (int) JudgementTally.DOMAIN_CAP;

    static {
        // HanLP's trainer prints its progress to stdout on every training: k-fold runs would flood the console
        ConsoleLogger.logger = new ILogger() {
            @Override public void out(String format, Object... args) {}
            @Override public void err(String format, Object... args) {}
            @Override public void start(String format, Object... args) {}
            @Override public void finish(String format, Object... args) {}
        };
    }

    /** One labelled text. */
    public record Example(String text, Category category) {}

    /** Cross-validated figures of one category: its examples, and precision and recall on them. */
    public record CategoryFigures(int examples, double precision, double recall) {}

    /** What a model was trained from, and how well it did in cross-validation (folds 0 = not run). */
    public record Info(Instant trained, int examples, Map<Category, Integer> classes, int folds, double accuracy,
                       Map<Category, CategoryFigures> perCategory) {
        public Info {
            classes = Collections.unmodifiableMap(inOrder(classes));
            perCategory = Collections.unmodifiableMap(inOrder(perCategory));
        }

        private static <V> Map<Category, V> inOrder(Map<Category, V> m) {
            Map<Category, V> out = new EnumMap<>(Category.class);
            out.putAll(m);
            return out;
        }
    }

    /** Figures of a k-fold run, and each example's out-of-fold probabilities (in example order). */
    public record CrossValidation(int folds, double accuracy, Map<Category, CategoryFigures> perCategory,
                                  List<Map<Category, Double>> predictions) {}

    private static final TextNormalizer NORMALIZER = new TextNormalizer();

    private final NaiveBayesModel model;
    private final JudgementLexicon lexicon;
    private final Category[] classes;
    private final Info info;

    private CategoryModel(NaiveBayesModel model, JudgementLexicon lexicon, Info info) {
        this.model = model;
        this.lexicon = lexicon;
        this.classes = Arrays.stream(model.catalog).map(Category::of).toArray(Category[]::new);
        this.info = info;
    }

    /** Trains on all {@code examples}; with {@code folds} ≥ 2 first cross-validates, and the figures go in the model. */
    public static CategoryModel train(List<Example> examples, int folds, JudgementLexicon lexicon) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        CrossValidation cv = folds >= 2 ? crossValidate(examples, folds, lexicon) : null;
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        examples.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        Info info = new Info(Instant.now().truncatedTo(ChronoUnit.SECONDS), examples.size(), counts,
                cv == null ? 0 : cv.folds(), cv == null ? Double.NaN : cv.accuracy(),
                cv == null ? Map.of() : cv.perCategory());
        return new CategoryModel(fit(examples, lexicon), lexicon, info);
    }

    /**
     * Stratified k-fold: each category's examples are dealt round the folds in a fixed shuffled
     * order, so a category of four examples still has one in most folds and runs repeat exactly.
     */
    public static CrossValidation crossValidate(List<Example> examples, int folds, JudgementLexicon lexicon) {
        if (folds < 2 || folds > examples.size()) {
            throw new IllegalArgumentException("folds must be between 2 and the number of examples, not " + folds);
        }
        int[] fold = folds(examples, folds);
        List<Map<Category, Double>> predictions = new ArrayList<>(Collections.nCopies(examples.size(), null));
        for (int f = 0; f < folds; f++) {
            List<Example> train = new ArrayList<>();
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] != f) {
                    train.add(examples.get(i));
                }
            }
            CategoryModel m = new CategoryModel(fit(train, lexicon), lexicon, null);
            for (int i = 0; i < examples.size(); i++) {
                if (fold[i] == f) {
                    predictions.set(i, m.predict(examples.get(i).text()));
                }
            }
        }
        Map<Category, int[]> tally = new EnumMap<>(Category.class); // examples, predicted, correct
        int correct = 0;
        for (int i = 0; i < examples.size(); i++) {
            Category truth = examples.get(i).category();
            Category predicted = best(predictions.get(i));
            tally.computeIfAbsent(truth, k -> new int[3])[0]++;
            tally.computeIfAbsent(predicted, k -> new int[3])[1]++;
            if (truth == predicted) {
                tally.get(truth)[2]++;
                correct++;
            }
        }
        Map<Category, CategoryFigures> per = new EnumMap<>(Category.class);
        tally.forEach((c, t) -> per.put(c, new CategoryFigures(t[0], t[1] == 0 ? 0 : (double) t[2] / t[1],
                t[0] == 0 ? 0 : (double) t[2] / t[0])));
        return new CrossValidation(folds, (double) correct / examples.size(), per, predictions);
    }

    static int[] folds(List<Example> examples, int folds) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(20131));
        order.sort(java.util.Comparator.comparing(i -> examples.get(i).category()));
        int[] fold = new int[examples.size()];
        for (int i = 0; i < order.size(); i++) {
            fold[order.get(i)] = i % folds;
        }
        return fold;
    }

    private static NaiveBayesModel fit(List<Example> examples, JudgementLexicon lexicon) {
        MemoryDataSet data = new MemoryDataSet();
        data.setTokenizer(new Features(lexicon));
        for (Example e : examples) {
            data.add(e.category().json(), normalize(e.text()));
        }
        NaiveBayesClassifier nb = new NaiveBayesClassifier();
        nb.train(data);
        return nb.getNaiveBayesModel();
    }

    /**
     * Probability of each category the model was trained on (the others are absent), summing to 1.
     * Give it the text that tells the story (a topic's source or original posts), not the reactions:
     * on the CED events, adding ten repost comments an event to the source text lowered 5-fold
     * accuracy from 0.70 to 0.64, a hundred to 0.56 (comments are short, alike across categories, and
     * outnumber the story).
     */
    public Map<Category, Double> predict(String text) {
        String[] tokens = new Features(lexicon).segment(normalize(text));
        NaiveBayesClassifier nb = new NaiveBayesClassifier(model);
        nb.enableProbability(true); // HanLP then turns the log scores into the posterior (normalizeExp)
        double[] p = nb.categorize(new Document(model.wordIdTrie, tokens));
        double sum = Arrays.stream(p).sum();
        Map<Category, Double> out = new EnumMap<>(Category.class);
        for (int i = 0; i < p.length; i++) {
            out.put(classes[i], p[i] / sum);
        }
        return out;
    }

    /** The most probable category; {@code none} for an empty map. */
    public static Category best(Map<Category, Double> probabilities) {
        return probabilities.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElse(Category.NONE);
    }

    /** Below this probability of {@code none} the model may name a domain the lexicon did not see. */
    public static final double BLEND_MAX_NONE = 0.3;

    /**
     * A topic's judgement with the model's say on its category. A domain the lexicon names stands: on
     * the labelled events the lexicon's domains were more often right than the model's pick among
     * domains (13 domains from 183 examples is little to learn from). Where the lexicon says
     * {@code none}, which it says of most stories told in words it lacks, the model's likeliest domain
     * is taken when the model gives {@code none} less than {@value #BLEND_MAX_NONE}; the confidence is
     * then the model's probability of that domain, and the evidence is left empty (the lexicon found
     * none). Chosen by 5-fold accuracy on the 400 labelled CED events among the blends
     * CategoryModelEvaluationTest prints (0.72; 0.71 for any bound from 0.2 to 0.5; the model alone
     * 0.70, the lexicon alone 0.60). Letting the model also pick among domains, or adding its
     * probabilities to the lexicon's confidence, did worse.
     *
     * @param lexicon the lexicon's judgement ({@link TopicJudge#judge})
     * @param model   {@link #predict} on the topic's story text
     */
    public static TopicJudge.Judgement blend(TopicJudge.Judgement lexicon, Map<Category, Double> model) {
        if (lexicon.category() != Category.NONE || model.getOrDefault(Category.NONE, 1.0) >= BLEND_MAX_NONE) {
            return lexicon;
        }
        return model.entrySet().stream().filter(e -> e.getKey() != Category.NONE).max(Map.Entry.comparingByValue())
                .map(e -> new TopicJudge.Judgement(e.getKey(), TopicJudge.round(e.getValue()), List.of(),
                        lexicon.rumorScore(), lexicon.signals()))
                .orElse(lexicon);
    }

    public Info info() {
        return info;
    }

    private static String normalize(String text) {
        return text == null ? "" : NORMALIZER.normalize(text).text();
    }

    // ---- the model file ----

    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Map<Integer, String> words = new HashMap<>();
        for (Map.Entry<String, Integer> e : model.wordIdTrie.entrySet()) {
            words.put(e.getValue(), e.getKey());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# Yuqing Radar category model (./radar-train category). Header lines are key<TAB>value;\n");
            w.write("# cv.category lines: code, examples, precision, recall. Then [priors] and [features] tables.\n");
            line(w, "format", FORMAT);
            line(w, "engine", ENGINE);
            line(w, "trained", String.valueOf(info.trained()));
            line(w, "examples", String.valueOf(info.examples()));
            StringBuilder cls = new StringBuilder();
            info.classes().forEach((c, n) -> cls.append(cls.isEmpty() ? "" : " ").append(c.json()).append('=').append(n));
            line(w, "classes", cls.toString());
            line(w, "cv.folds", String.valueOf(info.folds()));
            if (info.folds() > 0) {
                line(w, "cv.accuracy", fmt(info.accuracy()));
                for (Map.Entry<Category, CategoryFigures> e : info.perCategory().entrySet()) {
                    line(w, "cv.category", e.getKey().json() + "\t" + e.getValue().examples() + "\t"
                            + fmt(e.getValue().precision()) + "\t" + fmt(e.getValue().recall()));
                }
            }
            line(w, "lexicon", lexicon.source() + " (" + lexicon.size() + " terms)");
            line(w, "documents", String.valueOf(model.n));
            w.write("[priors]\n");
            for (int c = 0; c < model.catalog.length; c++) {
                line(w, model.catalog[c], Double.toString(model.logPriors.get(c)));
            }
            // one line per selected feature: the bigram, then its log-likelihood in each category, in [priors] order
            w.write("[features]\n");
            for (Map.Entry<Integer, Map<Integer, Double>> e : new TreeMap<>(model.logLikelihoods).entrySet()) {
                StringBuilder b = new StringBuilder(words.get(e.getKey()));
                for (int c = 0; c < model.catalog.length; c++) {
                    b.append('\t').append(e.getValue().getOrDefault(c, Double.NEGATIVE_INFINITY));
                }
                w.write(b.append('\n').toString());
            }
        }
    }

    /** @param lexicon the lexicon the model was trained with (the shipped one and the operator's file) */
    /**
     * The model in {@code file} (setting {@code topics.category-model}), or an error that says which
     * file and why: a job given a model that does not load must not start.
     */
    public static CategoryModel loadFrom(String file, JudgementLexicon lexicon) {
        try {
            return load(Path.of(file.strip()), lexicon);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot load the category model " + file.strip()
                    + " (topics.category-model): " + e.getMessage(), e);
        }
    }

    public static CategoryModel load(Path file, JudgementLexicon lexicon) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        Map<Category, CategoryFigures> per = new EnumMap<>(Category.class);
        List<String> catalog = new ArrayList<>();
        List<Double> priors = new ArrayList<>();
        BinTrie<Integer> trie = new BinTrie<>();
        Map<Integer, Map<Integer, Double>> likelihoods = new HashMap<>();
        String section = "";
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    section = line.strip();
                    continue;
                }
                String[] f = line.split("\t", -1);
                try {
                    switch (section) {
                        case "" -> {
                            if (f[0].equals("cv.category")) {
                                per.put(Category.of(f[1]), new CategoryFigures(Integer.parseInt(f[2]),
                                        Double.parseDouble(f[3]), Double.parseDouble(f[4])));
                            } else {
                                header.put(f[0], f[1]);
                            }
                        }
                        case "[priors]" -> {
                            Category.of(f[0]);
                            catalog.add(f[0]);
                            priors.add(Double.parseDouble(f[1]));
                        }
                        case "[features]" -> {
                            if (f.length != catalog.size() + 1) {
                                throw new IllegalArgumentException("expected a bigram and " + catalog.size() + " values");
                            }
                            int id = likelihoods.size();
                            trie.put(f[0], id);
                            Map<Integer, Double> byClass = new HashMap<>();
                            for (int c = 0; c < catalog.size(); c++) {
                                byClass.put(c, Double.parseDouble(f[c + 1]));
                            }
                            likelihoods.put(id, byClass);
                        }
                        default -> throw new IllegalArgumentException("unknown section " + section);
                    }
                } catch (RuntimeException e) {
                    throw new IOException(file + ":" + lineNo + ": " + e.getMessage(), e);
                }
            }
        }
        if (!FORMAT.equals(header.get("format")) || !ENGINE.equals(header.get("engine")) || catalog.isEmpty()) {
            throw new IOException(file + ": not a category model of this version (format '" + header.get("format")
                    + "', engine '" + header.get("engine") + "'; expected '" + FORMAT + "', '" + ENGINE + "')");
        }
        NaiveBayesModel m = new NaiveBayesModel();
        m.catalog = catalog.toArray(String[]::new);
        m.tokenizer = new Features(lexicon);
        m.wordIdTrie = trie;
        m.logPriors = new HashMap<>();
        for (int c = 0; c < priors.size(); c++) {
            m.logPriors.put(c, priors.get(c));
        }
        m.logLikelihoods = likelihoods;
        m.n = Integer.parseInt(header.getOrDefault("documents", "0"));
        m.c = catalog.size();
        m.d = likelihoods.size();
        Map<Category, Integer> classes = new EnumMap<>(Category.class);
        for (String kv : header.getOrDefault("classes", "").split(" ")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                classes.put(Category.of(kv.substring(0, eq)), Integer.parseInt(kv.substring(eq + 1)));
            }
        }
        int folds = Integer.parseInt(header.getOrDefault("cv.folds", "0"));
        Info info = new Info(Instant.parse(header.get("trained")), Integer.parseInt(header.get("examples")), classes,
                folds, folds > 0 ? Double.parseDouble(header.get("cv.accuracy")) : Double.NaN, per);
        return new CategoryModel(m, lexicon, info);
    }

    private static void line(BufferedWriter w, String key, String value) throws IOException {
        w.write(key + "\t" + value + "\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** The model's words: the text's character bigrams, and per domain its lexicon weight as that many {@code §code}. */
    static final class Features implements com.hankcs.hanlp.classification.tokenizers.ITokenizer {
        private final JudgementLexicon lexicon;
        private final BigramTokenizer bigrams = new BigramTokenizer();

        Features(JudgementLexicon lexicon) {
            this.lexicon = lexicon;
        }

        @Override
        public String[] segment(String text) {
            List<String> out = new ArrayList<>(Arrays.asList(bigrams.segment(text)));
            lexicon.categoryWeights(lexicon.find(text)).forEach((c, w) -> {
                for (int i = 0; i < Math.min(MAX_DOMAIN_WORDS, w); i++) {
                    out.add("§" + c.json());
                }
            });
            return out.toArray(String[]::new);
        }
    }
}
