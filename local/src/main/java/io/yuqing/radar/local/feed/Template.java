package io.yuqing.radar.local.feed;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A text pattern of the generator's lexicon, parsed once: literal text, {@code {slot}} references
 * and {@code {a|b|}} inline choices. Rendering walks the parsed parts, so producing a post costs
 * no pattern matching.
 */
final class Template {
    /** Deep enough for slot-in-slot nesting, shallow enough to stop a slot that names itself. */
    private static final int MAX_DEPTH = 6;

    /** Fills a slot by name; false when it knows no such slot. */
    interface Slots {
        boolean fill(String name, SplittableRandom rng, StringBuilder out, int depth);
    }

    private sealed interface Part permits Literal, Slot, Choice {}
    private record Literal(String text) implements Part {}
    private record Slot(String name) implements Part {}
    private record Choice(List<Template> options) implements Part {}

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = parts;
    }

    static Template parse(String source) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c != '{') {
                literal.append(c);
                i++;
                continue;
            }
            int close = matchingBrace(source, i);
            if (literal.length() > 0) {
                parts.add(new Literal(literal.toString()));
                literal.setLength(0);
            }
            String inner = source.substring(i + 1, close);
            List<String> options = splitTopLevel(inner);
            if (options.size() == 1) {
                parts.add(new Slot(inner.trim()));
            } else {
                List<Template> alternatives = new ArrayList<>(options.size());
                for (String o : options) {
                    alternatives.add(parse(o));
                }
                parts.add(new Choice(List.copyOf(alternatives)));
            }
            i = close + 1;
        }
        if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
        }
        return new Template(source, List.copyOf(parts));
    }

    /** Splits at '|' outside braces, keeping empty pieces (an empty choice means "nothing"). */
    static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (c == '|' && depth == 0) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    private static int matchingBrace(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed '{' in template: " + s);
    }

    void render(SplittableRandom rng, Slots slots, StringBuilder out) {
        render(rng, slots, out, 0);
    }

    void render(SplittableRandom rng, Slots slots, StringBuilder out, int depth) {
        if (depth > MAX_DEPTH) {
            throw new IllegalStateException("template nests too deep (a slot naming itself?): " + source);
        }
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Slot s) {
                if (!slots.fill(s.name(), rng, out, depth + 1)) {
                    throw new IllegalStateException("unknown slot {" + s.name() + "} in: " + source);
                }
            } else if (p instanceof Choice c) {
                c.options().get(rng.nextInt(c.options().size())).render(rng, slots, out, depth + 1);
            }
        }
    }

    /** Every slot name this template references, for checking a lexicon once at load time. */
    void slotNames(Consumer<String> sink) {
        for (Part p : parts) {
            if (p instanceof Slot s) {
                sink.accept(s.name());
            } else if (p instanceof Choice c) {
                c.options().forEach(t -> t.slotNames(sink));
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }
}
