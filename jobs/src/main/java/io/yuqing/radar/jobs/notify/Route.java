package io.yuqing.radar.jobs.notify;

import io.yuqing.radar.schemas.RiskLevel;

import java.util.List;
import java.util.Set;

/**
 * One routing rule: messages of these levels, units and sources go to these channels. An empty
 * set matches everything; a message matched by several routes is delivered once per channel.
 */
public record Route(Set<RiskLevel> levels, Set<String> units, Set<String> sources, List<String> channels) {
    public Route {
        levels = Set.copyOf(levels);
        units = Set.copyOf(units);
        sources = Set.copyOf(sources);
        channels = List.copyOf(channels);
    }

    boolean matches(Notification n) {
        return (levels.isEmpty() || levels.contains(n.level()))
                && (units.isEmpty() || (n.unit() != null && units.contains(n.unit())))
                && (sources.isEmpty() || sources.contains(n.source()));
    }
}
