package io.yuqing.radar.local.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The word lists and templates of {@code posts.lexicon}, parsed once. Keeping the Chinese text in
 * a resource rather than in code lets it grow without touching the generator.
 */
final class Lexicon {
    static final String RESOURCE = "posts.lexicon";

    /** Template roles of a planted event, in the order an event uses them. */
    enum Role { HASHTAG, EARLY, TALK, OFFICIAL, LATE }

    /** A place as the {@code region} field carries it: "province city". */
    record Region(String province, String city) {
        String label() {
            return province + " " + city;
        }
    }

    /** Names a planted event binds when it starts (see PlantedEvent); templates may use them. */
    static final Set<String> EVENT_BINDINGS = Set.of(
            "city", "province", "district", "road", "station", "highway", "hashtag",
            "chain", "hospital", "school", "estate", "developer");

    private final Map<String, List<Template>> slots = new LinkedHashMap<>();
    private final Map<String, List<Template>> chatter = new LinkedHashMap<>();
    private final Map<EventKind, Map<Role, List<Template>>> events = new EnumMap<>(EventKind.class);
    private final List<Region> regions = new ArrayList<>();

    private static volatile Lexicon builtIn;

    /** The lexicon shipped with the generator. */
    static Lexicon builtIn() {
        Lexicon l = builtIn;
        if (l == null) {
            try (InputStream in = Lexicon.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + RESOURCE);
                }
                l = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            builtIn = l;
        }
        return l;
    }

    static Lexicon parse(String text) {
        Lexicon lex = new Lexicon();
        List<Template> section = null;
        try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("# ") || t.equals("#")) {
                    continue;
                }
                int eq = slotDefinition(t);
                if (eq > 0) {
                    String name = t.substring(1, eq).strip();
                    List<Template> values = new ArrayList<>();
                    for (String v : Template.splitTopLevel(t.substring(eq + 1).strip())) {
                        values.add(Template.parse(v.strip()));
                    }
                    lex.slots.put(name, List.copyOf(values));
                    if (name.equals("region")) {
                        for (String v : Template.splitTopLevel(t.substring(eq + 1).strip())) {
                            String[] pc = v.strip().split(" ");
                            lex.regions.add(new Region(pc[0], pc[1]));
                        }
                    }
                } else if (t.startsWith("[") && t.endsWith("]")) {
                    String[] head = t.substring(1, t.length() - 1).strip().split("\\s+");
                    section = new ArrayList<>();
                    if (head[0].equals("chatter") && head.length == 2) {
                        lex.chatter.put(head[1], section);
                    } else if (head[0].equals("event") && head.length == 3) {
                        lex.events.computeIfAbsent(EventKind.valueOf(head[1]), k -> new EnumMap<>(Role.class))
                                .put(Role.valueOf(head[2].toUpperCase(java.util.Locale.ROOT)), section);
                    } else {
                        throw new IllegalArgumentException("line " + no + ": unknown section " + t);
                    }
                } else {
                    if (section == null) {
                        throw new IllegalArgumentException("line " + no + ": template outside a section");
                    }
                    section.add(Template.parse(t));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Template> cities = new ArrayList<>();
        for (Region region : lex.regions) {
            cities.add(Template.parse(region.city()));
        }
        lex.slots.put("some_city", List.copyOf(cities));
        lex.check();
        return lex;
    }

    /**
     * Where the '=' of a slot definition ({@code @name = ...}) is, or -1: a template may also start
     * with '@' (a mention), but never with an ASCII name followed by '='.
     */
    private static int slotDefinition(String t) {
        if (!t.startsWith("@")) {
            return -1;
        }
        int i = 1;
        while (i < t.length() && (Character.isLetterOrDigit(t.charAt(i)) && t.charAt(i) < 128 || t.charAt(i) == '_')) {
            i++;
        }
        if (i == 1) {
            return -1;
        }
        while (i < t.length() && t.charAt(i) == ' ') {
            i++;
        }
        return i < t.length() && t.charAt(i) == '=' ? i : -1;
    }

    /** Fails at load time, not mid-demo, when a template names a slot nothing fills. */
    private void check() {
        if (regions.isEmpty() || chatter.isEmpty()) {
            throw new IllegalStateException("lexicon needs @region and [chatter ...] sections");
        }
        List<String> unknown = new ArrayList<>();
        java.util.function.Consumer<Template> checkOne = t -> t.slotNames(n -> {
            if (!slots.containsKey(n) && !EVENT_BINDINGS.contains(n)) {
                unknown.add(n + " in " + t);
            }
        });
        slots.values().forEach(l -> l.forEach(checkOne));
        chatter.values().forEach(l -> l.forEach(checkOne));
        for (EventKind kind : EventKind.values()) {
            Map<Role, List<Template>> roles = events.get(kind);
            for (Role role : Role.values()) {
                if (roles == null || roles.getOrDefault(role, List.of()).isEmpty()) {
                    throw new IllegalStateException("lexicon has no [event " + kind + " " + role + "] templates");
                }
                roles.get(role).forEach(checkOne);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("unknown slots: " + unknown);
        }
    }

    List<Region> regions() {
        return regions;
    }

    List<String> subjects() {
        return List.copyOf(chatter.keySet());
    }

    List<Template> chatter(String subject) {
        return chatter.get(subject);
    }

    List<Template> event(EventKind kind, Role role) {
        return events.get(kind).get(role);
    }

    /** Renders one value of a slot list, e.g. "chain_head". */
    String pick(String slot, SplittableRandom rng) {
        StringBuilder sb = new StringBuilder();
        Template.Slots s = slots(Map.of());
        if (!s.fill(slot, rng, sb, 0)) {
            throw new IllegalArgumentException("no slot " + slot);
        }
        return sb.toString();
    }

    /** Slot filling where {@code bindings} (an event's names) win over the lists. */
    Template.Slots slots(Map<String, String> bindings) {
        return new Filler(bindings);
    }

    private final class Filler implements Template.Slots {
        private final Map<String, String> bindings;

        Filler(Map<String, String> bindings) {
            this.bindings = bindings;
        }

        @Override
        public boolean fill(String name, SplittableRandom rng, StringBuilder out, int depth) {
            String bound = bindings.get(name);
            if (bound != null) {
                out.append(bound);
                return true;
            }
            List<Template> values = slots.get(name);
            if (values == null) {
                return false;
            }
            values.get(rng.nextInt(values.size())).render(rng, this, out, depth);
            return true;
        }
    }
}
