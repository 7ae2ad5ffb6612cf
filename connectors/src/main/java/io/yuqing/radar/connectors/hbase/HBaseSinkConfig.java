package io.yuqing.radar.connectors.hbase;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;

import java.io.Serializable;
import java.util.Map;

/**
 * Where and how the HBase sink writes. Serializable so the job graph can carry it to the task
 * managers, where each writer opens its own connection.
 *
 * @param zookeeperQuorum comma-separated hosts, e.g. {@code zk1,zk2,zk3}
 * @param zookeeperPort   client port, usually 2181
 * @param table           table name, optionally {@code namespace:table}
 * @param extra           any other HBase client setting, e.g. timeouts or Kerberos keys
 */
public record HBaseSinkConfig(String zookeeperQuorum, int zookeeperPort, String table, Map<String, String> extra)
        implements Serializable {

    public HBaseSinkConfig {
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** From {@code host:port} as the local stack reports it. */
    public static HBaseSinkConfig of(String zookeeperHostPort, String table) {
        int colon = zookeeperHostPort.lastIndexOf(':');
        return new HBaseSinkConfig(zookeeperHostPort.substring(0, colon),
                Integer.parseInt(zookeeperHostPort.substring(colon + 1)), table, Map.of());
    }

    public Configuration toConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", zookeeperQuorum);
        conf.setInt("hbase.zookeeper.property.clientPort", zookeeperPort);
        // One attempt per request is bounded here; the sink itself re-queues failed rows, so a
        // store that is down for minutes delays the job (back pressure) instead of failing it.
        conf.setIfUnset("hbase.client.operation.timeout", "30000");
        conf.setIfUnset("hbase.rpc.timeout", "10000");
        conf.setIfUnset("hbase.client.retries.number", "5");
        extra.forEach(conf::set);
        return conf;
    }
}
