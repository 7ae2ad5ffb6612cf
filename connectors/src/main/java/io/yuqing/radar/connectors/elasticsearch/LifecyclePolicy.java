package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;

import java.io.IOException;
import java.io.InputStream;

/**
 * An ILM policy shipped in yuqing-schemas ({@code elasticsearch/*-ilm-policy.json}) and the name
 * it is installed under.
 *
 * <p>The indices are monthly ({@code posts-2026.11}), not rolled over, so the policies have no
 * rollover action: a phase's {@code min_age} counts from the index's creation, which for a live
 * stream is the first day of its month. Each delete age is therefore the retention promised for
 * every document plus one month: posts 215 d (at least six months, enough for a half-year review),
 * topic snapshots 430 d (at least 13 months, for year-on-year comparison of a topic's trend),
 * alerts 1130 d (at least three years: the record of what was reported to whom). The warm phase
 * only lowers recovery priority and moves the index to warm nodes where there are any; it does
 * not force-merge, because that makes the index read-only and the sink must still be able to
 * write a late post into last month's index.
 */
public record LifecyclePolicy(String name, String resource) {
    public static final LifecyclePolicy POSTS = new LifecyclePolicy("yuqing-posts", "elasticsearch/posts-ilm-policy.json");
    public static final LifecyclePolicy TOPICS = new LifecyclePolicy("yuqing-topics", "elasticsearch/topics-ilm-policy.json");
    public static final LifecyclePolicy ALERTS = new LifecyclePolicy("yuqing-alerts", "elasticsearch/alerts-ilm-policy.json");
    /** The query service's audit is kept as long as the alerts it traces: the same phases, 1130 days. */
    public static final LifecyclePolicy AUDIT = new LifecyclePolicy("yuqing-audit", "elasticsearch/alerts-ilm-policy.json");

    /**
     * Creates the policy when the cluster has none of this name, and keeps one that exists: an
     * operator who changed the retention (Kibana, or {@code PUT _ilm/policy}) keeps it across
     * restarts of the jobs.
     *
     * @return whether the policy was created
     */
    public boolean ensure(ElasticsearchClient client) throws IOException {
        try {
            client.ilm().getLifecycle(g -> g.name(name));
            return false;
        } catch (ElasticsearchException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        try (InputStream in = LifecyclePolicy.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("no lifecycle policy resource " + resource + " on the classpath");
            }
            client.ilm().putLifecycle(p -> p.name(name).withJson(in));
        }
        return true;
    }
}
