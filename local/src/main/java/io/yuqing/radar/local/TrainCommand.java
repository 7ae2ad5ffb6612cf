package io.yuqing.radar.local;

import io.yuqing.radar.jobs.judgement.CategoryModel;
import io.yuqing.radar.jobs.judgement.JudgementLexicon;
import io.yuqing.radar.jobs.judgement.TrainingData;
import io.yuqing.radar.schemas.Category;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./radar-train category}: trains a {@link CategoryModel} on an office's own labelled texts,
 * prints its k-fold figures and writes the model. Run with {@code --help} for the options.
 */
public final class TrainCommand {
    static final String USAGE = """
            Usage: ./radar-train category --data FILE.tsv --out MODEL [options]

            Trains the category model that sits beside the judgement lexicon, reports its k-fold
            accuracy per category, and writes it to MODEL (a text file that records the training
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
              --help            this text

            Category codes: %s
            """.formatted(String.join(" ", java.util.Arrays.stream(Category.values()).map(Category::json).toList()));

    private TrainCommand() {}

    public static void main(String[] argv) {
        System.exit(run(argv, System.out, System.err));
    }

    static int run(String[] argv, PrintStream out, PrintStream err) {
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
            train(args, out);
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

    static Map<String, String> parse(String[] argv) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        if (argv.length > 0 && !argv[0].startsWith("--")) {
            if (!argv[0].equals("category")) {
                throw new IllegalArgumentException("unknown model '" + argv[0] + "' (the one there is: category)");
            }
            i = 1;
        }
        for (; i < argv.length; i++) {
            String a = argv[i];
            String key = a.startsWith("--") ? a.substring(2) : null;
            if ("help".equals(key)) {
                out.put(key, "true");
            } else if (key != null && List.of("data", "texts", "out", "folds", "lexicon").contains(key)) {
                if (i + 1 >= argv.length) {
                    throw new IllegalArgumentException(a + " needs a value");
                }
                out.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (!out.containsKey("help")) {
            if (argv.length == 0 || !argv[0].equals("category")) {
                throw new IllegalArgumentException("say which model to train: ./radar-train category …");
            }
            for (String required : List.of("data", "out")) {
                if (!out.containsKey(required)) {
                    throw new IllegalArgumentException("--" + required + " is required");
                }
            }
        }
        return out;
    }
}
