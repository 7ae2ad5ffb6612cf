package io.yuqing.radar.local;

import io.yuqing.radar.jobs.enrich.EnrichJobConfig;
import io.yuqing.radar.jobs.enrich.EnrichOutcome;
import io.yuqing.radar.jobs.enrich.EnrichmentLimits;
import io.yuqing.radar.jobs.enrich.PostEnricher;
import io.yuqing.radar.jobs.enrich.Rejection;
import io.yuqing.radar.jobs.enrich.SentimentData;
import io.yuqing.radar.jobs.enrich.SentimentModel;
import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.TrainingData;
import io.yuqing.radar.schemas.Category;
import io.yuqing.radar.schemas.Emotion;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Sentiment;
import io.yuqing.radar.schemas.Settings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./radar-train category}: trains a {@link CategoryModel} on an office's own labelled texts,
 * prints its k-fold figures and writes the model. {@code ./radar-train sentiment}: the same for a
 * {@link SentimentModel} on labelled posts; {@code ./radar-train predict} scores texts from standard
 * input through the enrich job's own {@link PostEnricher}. Run with {@code --help} for the options.
 */
public final class TrainCommand {
    static final String USAGE = """
            Usage: ./radar-train category  --data FILE.tsv --out MODEL [options]
                   ./radar-train sentiment --data FILE.tsv --out MODEL [options]
                   ./radar-train predict   [--model MODEL] < texts.txt

            category: trains the category model that sits beside the judgement lexicon, reports its
            k-fold accuracy per category, and writes it to MODEL (a text file that records the training
            data's size, date, categories and these figures).

              --data FILE.tsv   labelled texts: UTF-8, tab-separated, a header line naming the columns;
                                columns 'text' and 'category' (a category code) are used, others ignored
              --texts FILE.tsv  labels and texts in separate files, joined by 'event_id': --data has
                                'event_id' and 'category', --texts has 'event_id' and 'text' (the CED
                                layout: --data ../shared/data/ced/labels.tsv --texts ../shared/data/ced/events.tsv)
              --out MODEL       where to write the model
              --folds K         folds of the cross-validation (default 5; 0 skips it)
              --lexicon FILE    the operator's judgement lexicon (topics.judgement-lexicon), added to the
                                shipped one as the topics job does; the model must be used with the same

            sentiment: trains the sentiment model the enrich job uses with enrich.sentiment-model
            (polarity, and emotion when the posts are labelled with one), prints its k-fold and held-out
            figures beside the lexicon's, and writes it to MODEL (a text file that records its id, the
            training data's size and date, and these figures).

              --data FILE.tsv   labelled posts: UTF-8, tab-separated, a header line naming the columns;
                                'text', and 'polarity' (pos, neg, neutral; empty or 'ambiguous' = none)
                                and/or 'emotion' (%s, or their
                                Chinese names) or 'emotion_label' (codes 0-6: 0 fear, 1 disgust, 2 happiness,
                                3 surprise, 4 like, 5 sadness, 6 anger); other columns ignored
              --out MODEL       where to write the model
              --folds K         folds of the cross-validation (default 5; 0 skips it)
              --held-out SHARE  share of the posts held out, trained without and scored (default 0.2; 0 skips it)

            predict: reads texts on standard input, one per line, and prints for each, tab-separated,
            the polarity, the score (-1..1), the emotion (- when the model has none) and the text, as
            the enrich job would set them (the same normalisation and code). Without --model: the lexicon.

              --model MODEL     a model written by ./radar-train sentiment (a path, or hdfs:// s3:// …)

              --help            this text

            Category codes: %s
            """.formatted(String.join(", ", java.util.Arrays.stream(Emotion.values()).map(Emotion::json).toList()),
            String.join(" ", java.util.Arrays.stream(Category.values()).map(Category::json).toList()));

    private TrainCommand() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
        return run(argv, System.in, out, err);
    }

    static int run(String[] argv, InputStream in, PrintStream out, PrintStream err) {
        Map<String, String> args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException e) {
            err.println("radar-train: " + e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        if (args.containsKey("help")) {
            out.print(USAGE);
            return 0;
        }
        try {
            switch (argv[0]) {
                case "sentiment" -> trainSentiment(args, out);
                case "predict" -> predict(args, in, out, err);
                default -> train(args, out);
            }
            return 0;
        } catch (IllegalArgumentException | IllegalStateException | IOException | java.io.UncheckedIOException e) {
            err.println("radar-train: " + e.getMessage());
            return 1;
        }
    }

    private static void train(Map<String, String> args, PrintStream out) throws IOException {
        Path data = existing(args.get("data"), "--data");
        Path texts = args.containsKey("texts") ? existing(args.get("texts"), "--texts") : null;
        Path model = Path.of(args.get("out"));
        int folds = folds(args.getOrDefault("folds", "5"));
        JudgementLexicon lexicon = args.containsKey("lexicon") ? JudgementLexicon.load(args.get("lexicon"))
                : JudgementLexicon.shipped();

        out.println("Reading " + data + (texts == null ? "" : " (texts from " + texts + ")") + " …");
        List<CategoryModel.Example> examples = TrainingData.read(data, texts);
        Map<Category, Integer> counts = new EnumMap<>(Category.class);
        examples.forEach(e -> counts.merge(e.category(), 1, Integer::sum));
        out.printf("%d labelled texts in %d categories; lexicon %s (%d terms)%n", examples.size(), counts.size(),
                lexicon.source(), lexicon.size());
        if (counts.size() < 2) {
            throw new IllegalArgumentException(data + ": every text has the same category; a model needs at least two");
        }
        if (folds > examples.size()) {
            throw new IllegalArgumentException("--folds " + folds + " is more than the " + examples.size() + " texts");
        }
        out.println(folds >= 2 ? "Cross-validating (" + folds + " folds), then training on all texts …"
                : "Training on all texts (no cross-validation) …");
        long start = System.nanoTime();
        CategoryModel m = CategoryModel.train(examples, folds, lexicon);
        CategoryModel.Info info = m.info();
        if (info.folds() > 0) {
            long majority = counts.values().stream().mapToLong(Integer::longValue).max().orElse(0);
            out.printf(Locale.ROOT, "%d-fold accuracy %.3f (always the commonest category: %.3f)%n", info.folds(),
                    info.accuracy(), (double) majority / examples.size());
            out.printf("  %-16s %8s %9s %6s%n", "category", "examples", "precision", "recall");
            info.perCategory().forEach((c, f) -> out.printf(Locale.ROOT, "  %-16s %8d %9.2f %6.2f%n", c.json(),
                    f.examples(), f.precision(), f.recall()));
        }
        m.save(model);
        out.printf(Locale.ROOT, "Wrote %s (%.1f s). Use it with the lexicon it was trained with.%n", model,
                (System.nanoTime() - start) / 1e9);
    }

    private static Path existing(String file, String option) {
        Path p = Path.of(file);
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(option + " " + file + ": no such file");
        }
        return p;
    }

    private static int folds(String v) {
        try {
            int k = Integer.parseInt(v);
            if (k == 1 || k < 0) {
                throw new IllegalArgumentException("--folds takes 0 (none) or 2 and more, got " + k);
            }
            return k;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--folds takes a whole number, got '" + v + "'");
        }
    }

    /** The options each command takes, and those it needs. */
    private static final Map<String, List<String>> OPTIONS = Map.of(
            "category", List.of("data", "texts", "out", "folds", "lexicon"),
            "sentiment", List.of("data", "out", "folds", "held-out"),
            "predict", List.of("model"));
    private static final Map<String, List<String>> REQUIRED = Map.of(
            "category", List.of("data", "out"),
            "sentiment", List.of("data", "out"),
            "predict", List.of());

    static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        String command = null;
        if (argv.length > 0 && !argv[0].startsWith("--")) {
            command = argv[0];
            if (!OPTIONS.containsKey(command)) {
                throw new IllegalArgumentException("unknown command '" + argv[0] + "' (category, sentiment or predict)");
            }
            i = 1;
        }
        for (; i < argv.length; i++) {
            String a = argv[i];
            String key = a.startsWith("--") ? a.substring(2) : null;
            if ("help".equals(key)) {
                out.put(key, "true");
            } else if (key != null && command != null && OPTIONS.get(command).contains(key)) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                out.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown option '" + a + "'"
                        + (command == null ? "" : " for " + command));
            }
        }
        if (!out.containsKey("help")) {
            if (command == null) {
                throw new IllegalArgumentException("say what to do: ./radar-train category|sentiment|predict …");
            }
            for (String required : REQUIRED.get(command)) {
                if (!out.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
        }
        return out;
    }

    private static void trainSentiment(Map<String, String> args, PrintStream out) throws IOException {
        Path data = existing(args.get("data"), "--data");
        Path model = Path.of(args.get("out"));
        int folds = folds(args.getOrDefault("folds", "5"));
        double heldOut = share(args.getOrDefault("held-out", "0.2"));
        out.println("Reading " + data + " …");
        List<SentimentModel.Example> examples = SentimentData.read(data);
        Map<Sentiment, Integer> polarity = new EnumMap<>(Sentiment.class);
        Map<Emotion, Integer> emotion = new EnumMap<>(Emotion.class);
        for (SentimentModel.Example e : examples) {
            if (e.polarity() != null) {
                polarity.merge(e.polarity(), 1, Integer::sum);
            }
            if (e.emotion() != null) {
                emotion.merge(e.emotion(), 1, Integer::sum);
            }
        }
        out.printf("%d labelled posts; polarity %s; emotion %s%n", examples.size(), polarity,
                emotion.isEmpty() ? "none" : emotion);
        if (folds > examples.size()) {
            throw new IllegalArgumentException("--folds " + folds + " is more than the " + examples.size() + " posts");
        }
        long start = System.nanoTime();
        SentimentModel m = SentimentModel.train(examples, data.getFileName().toString(), folds, heldOut,
                line -> out.println("  " + line));
        SentimentModel.Info info = m.info();
        out.println("Polarity on positive and negative posts (a neutral answer counts as an error); the lexicon's beside:");
        out.printf("  %-9s %6s %8s %8s %10s | %-8s %8s %10s | %-8s %8s%n", "", "posts", "accuracy", "macro-F1",
                "neg-recall", "lexicon", "macro-F1", "neg-recall", "emotion", "macro-F1");
        if (info.crossValidation() != null) {
            List<SentimentModel.Figures> fs = info.crossValidation().folds();
            for (int f = 0; f < fs.size(); f++) {
                printFigures(out, "fold " + (f + 1), fs.get(f));
            }
            printFigures(out, "mean", info.crossValidation().mean());
        }
        if (info.heldOut() != null) {
            printFigures(out, "held-out", info.heldOut());
        }
        m.save(model);
        out.printf(Locale.ROOT, "Wrote %s, model %s (%.1f s). Use it with enrich.sentiment-model=%s%n", model, m.id(),
                (System.nanoTime() - start) / 1e9, model.toAbsolutePath());
    }

    private static void printFigures(PrintStream out, String label, SentimentModel.Figures f) {
        out.printf(Locale.ROOT, "  %-9s %6d %8.3f %8.3f %10.3f | %8.3f %8.3f %10.3f | %8s %8s%n", label, f.polarityPosts(),
                f.accuracy(), f.macroF1(), f.negativeRecall(), f.lexiconAccuracy(), f.lexiconMacroF1(),
                f.lexiconNegativeRecall(), f.emotionPosts() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", f.emotionAccuracy()),
                f.emotionPosts() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", f.emotionMacroF1()));
    }

    /** Each line of {@code in} through the enrich job's own {@link PostEnricher}, as a post of its own. */
    private static void predict(Map<String, String> args, InputStream in, PrintStream out, PrintStream err)
            throws IOException {
        SentimentModel model = args.containsKey("model") ? SentimentModel.loadFrom(args.get("model")) : null;
        err.println(model == null ? "radar-train: no --model, scoring with the shipped lexicon"
                : "radar-train: model " + model.id() + " (trained " + model.info().trained() + " on "
                        + model.info().examples() + " posts)");
        EnrichmentLimits limits = EnrichJobConfig.from(Settings.defaults()).limits();
        PostEnricher enricher = new PostEnricher(limits, model);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        Instant now = Instant.now();
        long n = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            n++;
            Map<String, Object> post = new LinkedHashMap<>();
            post.put("id", "stdin-" + n);
            post.put("platform", "other");
            post.put("created_at", Json.formatTime(now));
            post.put("text", line);
            EnrichOutcome outcome = enricher.enrich(Json.toBytes(post), now);
            if (outcome instanceof EnrichOutcome.Enriched ok) {
                EnrichedPost p = ok.post();
                out.println(p.sentiment().json() + "\t" + String.format(Locale.ROOT, "%.3f", p.sentimentScore()) + "\t"
                        + (p.emotion() == null ? "-" : p.emotion().json()) + "\t" + line);
            } else {
                // the job would send it to the dead-letter topic; the line stays so outputs align with inputs
                out.println("-\t-\t-\t" + line + "\t(refused: " + ((Rejection) outcome).reason().json() + ")");
            }
        }
        out.flush();
    }

    private static double share(String v) {
        try {
            double d = Double.parseDouble(v);
            if (d < 0 || d >= 1) {
                throw new IllegalArgumentException("--held-out takes a share from 0 (none) to below 1, got " + v);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--held-out takes a number such as 0.2, got '" + v + "'");
        }
    }
}
