package io.yuqing.radar.connectors.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Installs index templates with their lifecycle policies, or without them, as {@code es.ilm.enabled}
 * and the cluster allow. The cluster is asked once; each {@link #install} then puts the policy
 * (when missing) and the template that names it.
 */
public final class IndexSetup {
    private static final Logger LOG = LoggerFactory.getLogger(IndexSetup.class);

    private final ElasticsearchClient client;
    private final IlmMode mode;
    private final IlmSupport support;
    private final boolean lifecycle;

    private IndexSetup(ElasticsearchClient client, IlmMode mode, IlmSupport support) {
        this.client = client;
        this.mode = mode;
        this.support = support;
        this.lifecycle = mode.apply(support);
    }

    /**
     * Decides, from {@code mode} and what the cluster says, whether templates get policies.
     *
     * @throws IllegalStateException when {@code mode} requires ILM the cluster does not give
     */
    public static IndexSetup forCluster(ElasticsearchClient client, IlmMode mode) throws IOException {
        IlmSupport support = mode == IlmMode.DISABLED
                ? new IlmSupport(false, "turned off by " + IlmMode.KEY + "=false")
                : IlmSupport.probe(client);
        IndexSetup setup = new IndexSetup(client, mode, support);
        if (setup.lifecycle) {
            LOG.info("index lifecycle management on ({}={}): the index templates name their ILM policies",
                    IlmMode.KEY, mode.value());
        } else if (mode == IlmMode.DISABLED) {
            LOG.info("index lifecycle management {}: monthly indices are kept until deleted by hand", support.reason());
        } else {
            LOG.warn("index lifecycle management off ({}={}): {}; the index templates are installed without ILM "
                    + "policies and monthly indices are kept until deleted by hand", IlmMode.KEY, mode.value(), support.reason());
        }
        return setup;
    }

    /** Whether the templates installed by this setup name lifecycle policies. */
    public boolean lifecycle() {
        return lifecycle;
    }

    /** One line for a console: what the indices' retention is governed by. */
    public String describe() {
        return lifecycle ? "with ILM policies" : "without ILM policies: " + support.reason();
    }

    /** Puts {@code policy} when lifecycle is on and the cluster lacks it, then the template. */
    public void install(String templateName, String templateResource, LifecyclePolicy policy) throws IOException {
        if (lifecycle) {
            if (policy.ensure(client)) {
                LOG.info("created ILM policy {} from {}", policy.name(), policy.resource());
            }
            IndexTemplates.put(client, templateName, templateResource, policy.name());
        } else {
            IndexTemplates.put(client, templateName, templateResource);
        }
    }
}
