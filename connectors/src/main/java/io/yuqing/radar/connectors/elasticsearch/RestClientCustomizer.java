package io.yuqing.radar.connectors.elasticsearch;

import org.elasticsearch.client.RestClientBuilder;

import java.io.Serializable;
import java.util.function.Consumer;

/**
 * A hook that adjusts the low-level REST client before it is built: TLS trust, proxies,
 * interceptors. Serializable because the sink builds its client on the task managers.
 */
@FunctionalInterface
public interface RestClientCustomizer extends Consumer<RestClientBuilder>, Serializable {
    RestClientCustomizer NONE = b -> {};
}
