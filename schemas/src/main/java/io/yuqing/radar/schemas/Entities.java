package io.yuqing.radar.schemas;

import java.util.List;

/** Named entities found in a post's text, as recognised by the segmenter. */
public record Entities(List<String> places, List<String> organizations, List<String> people) {
    public static final Entities NONE = new Entities(List.of(), List.of(), List.of());

    public Entities {
        places = places == null ? List.of() : List.copyOf(places);
        organizations = organizations == null ? List.of() : List.copyOf(organizations);
        people = people == null ? List.of() : List.copyOf(people);
    }
}
