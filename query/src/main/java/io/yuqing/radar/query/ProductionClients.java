package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.yuqing.radar.schemas.Json;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;

import java.io.IOException;

/**
 * Builds the HBase connection and Elasticsearch client a deployed service uses, from
 * {@link QueryConfig}. Plain HTTP(S) and ZooKeeper, no credentials: secured clusters build their
 * own clients and hand them to {@link QueryService}, which is why the service takes clients,
 * not addresses.
 */
public final class ProductionClients {
    private ProductionClients() {}

    public static Connection hbase(QueryConfig config) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", config.hbaseZkQuorum());
        conf.setInt("hbase.zookeeper.property.clientPort", config.hbaseZkPort());
        int timeoutMs = Math.toIntExact(config.backendTimeout().toMillis());
        // HBase's defaults retry for many minutes; a REST caller gives up long before that.
        conf.setInt("hbase.client.operation.timeout", timeoutMs);
        conf.setInt("hbase.rpc.timeout", timeoutMs);
        conf.setInt("hbase.client.retries.number", 3);
        return ConnectionFactory.createConnection(conf);
    }

    public static ElasticsearchClient elasticsearch(QueryConfig config) {
        HttpHost[] hosts = config.esUrls().stream().map(HttpHost::create).toArray(HttpHost[]::new);
        int timeoutMs = Math.toIntExact(config.backendTimeout().toMillis());
        RestClient rest = RestClient.builder(hosts)
                .setRequestConfigCallback(rc -> rc.setConnectTimeout(timeoutMs).setSocketTimeout(timeoutMs))
                .build();
        // Json.mapper() so documents this client writes or reads follow the contract's snake_case
        return new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper(Json.mapper())));
    }
}
