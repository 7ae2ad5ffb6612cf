package io.yuqing.radar.local;

import io.yuqing.radar.schemas.PostsTable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HRegionLocation;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.RegionLocator;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded HBase (module servers/hbase) as the local stack uses it: started in its own JVM,
 * reached from this one through the shaded client, a pre-split posts table with Chinese text,
 * and a restart on the same data dir and ZooKeeper port that keeps every row.
 */
class HBaseServerIT {
    private static final TableName POSTS = TableName.valueOf(PostsTable.DEFAULT_NAME);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Map<String, String> TEXTS = texts();

    @TempDir
    Path tmp;

    @Test
    void startsRoundTripsAndKeepsDataAcrossARestart() throws Exception {
        Path dataDir = tmp.resolve("data");
        Path logDir = tmp.resolve("logs");

        int zkPort;
        ServerProcess hbase = ServerProcess.start("hbase", dataDir, logDir, "1g", Map.of(), START_TIMEOUT);
        try {
            System.out.println("hbase first start (fresh data dir): " + hbase.startTime().toMillis() + " ms, " + hbase.info());
            String zk = hbase.info("zookeeper");
            assertThat(zk).startsWith("127.0.0.1:");
            zkPort = Integer.parseInt(zk.substring(zk.indexOf(':') + 1));

            try (Connection conn = connect(zkPort)) {
                try (Admin admin = conn.getAdmin()) {
                    admin.createTable(TableDescriptorBuilder.newBuilder(POSTS)
                            .setColumnFamily(ColumnFamilyDescriptorBuilder.of(PostsTable.FAMILY))
                            .build(), PostsTable.splitKeys());
                }
                try (RegionLocator locator = conn.getRegionLocator(POSTS)) {
                    List<HRegionLocation> regions = locator.getAllRegionLocations();
                    assertThat(regions).hasSize(PostsTable.splitKeys().length + 1);
                    // What this JVM was told to dial, so what any client elsewhere is told.
                    assertThat(regions).allSatisfy(r -> assertThat(r.getHostname()).isEqualTo("127.0.0.1"));
                }
                try (Table table = conn.getTable(POSTS)) {
                    List<Put> puts = new ArrayList<>();
                    TEXTS.forEach((id, text) -> puts.add(new Put(PostsTable.rowKey(id))
                            .addColumn(PostsTable.FAMILY, PostsTable.TEXT, utf8(text))
                            .addColumn(PostsTable.FAMILY, PostsTable.PLATFORM, utf8("weibo"))
                            .addColumn(PostsTable.FAMILY, PostsTable.JSON,
                                    utf8("{\"id\":\"" + id + "\",\"text\":\"" + text + "\"}"))));
                    table.put(puts);
                    assertAllRows(table);
                }
            }
        } finally {
            hbase.close();
        }
        assertThat(hbase.isAlive()).isFalse();

        ServerProcess again = ServerProcess.start("hbase", dataDir, logDir, "1g",
                Map.of("zk-port", String.valueOf(zkPort)), START_TIMEOUT);
        try {
            System.out.println("hbase restart (same data dir, zk-port " + zkPort + "): "
                    + again.startTime().toMillis() + " ms, " + again.info());
            assertThat(again.info("zookeeper")).isEqualTo("127.0.0.1:" + zkPort);
            try (Connection conn = connect(zkPort)) {
                try (RegionLocator locator = conn.getRegionLocator(POSTS)) {
                    assertThat(locator.getAllRegionLocations()).hasSize(PostsTable.splitKeys().length + 1);
                }
                try (Table table = conn.getTable(POSTS)) {
                    assertAllRows(table);
                    // Still writable after the restart, not only readable.
                    table.put(new Put(PostsTable.rowKey("after-restart"))
                            .addColumn(PostsTable.FAMILY, PostsTable.TEXT, utf8("重启后写入：气象台发布暴雨橙色预警")));
                    assertThat(text(table.get(new Get(PostsTable.rowKey("after-restart")))))
                            .isEqualTo("重启后写入：气象台发布暴雨橙色预警");
                }
            }

            // A second server on a ZooKeeper port that is taken fails fast and says why.
            assertThatThrownBy(() -> ServerProcess.start("hbase", tmp.resolve("other-data"), tmp.resolve("other-logs"),
                    "256m", Map.of("zk-port", String.valueOf(zkPort)), START_TIMEOUT))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already in use");
        } finally {
            again.close();
        }
        long pid = again.pid();
        assertThat(again.isAlive()).isFalse();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isIn(Optional.empty(), Optional.of(false));
    }

    private static Connection connect(int zkPort) throws IOException {
        Configuration conf = HBaseConfiguration.create();
        conf.set("hbase.zookeeper.quorum", "127.0.0.1");
        conf.setInt("hbase.zookeeper.property.clientPort", zkPort);
        return ConnectionFactory.createConnection(conf);
    }

    private static void assertAllRows(Table table) throws IOException {
        for (Map.Entry<String, String> e : TEXTS.entrySet()) {
            Result r = table.get(new Get(PostsTable.rowKey(e.getKey())));
            assertThat(r.isEmpty()).as("row of post %s", e.getKey()).isFalse();
            assertThat(r.getValue(PostsTable.FAMILY, PostsTable.TEXT)).isEqualTo(utf8(e.getValue()));
            assertThat(text(r)).isEqualTo(e.getValue());
            assertThat(new String(r.getValue(PostsTable.FAMILY, PostsTable.PLATFORM), StandardCharsets.UTF_8))
                    .isEqualTo("weibo");
        }
        int rows = 0;
        try (ResultScanner scanner = table.getScanner(new Scan().addFamily(PostsTable.FAMILY))) {
            for (Result ignored : scanner) {
                rows++;
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(TEXTS.size());
    }

    private static String text(Result r) {
        byte[] v = r.getValue(PostsTable.FAMILY, PostsTable.TEXT);
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }

    /** Sequential ids like Weibo mids, so the salt has to spread them across the regions. */
    private static Map<String, String> texts() {
        List<String> samples = List.of(
                "暴雨导致城区多处积水，市民出行受阻",
                "地铁2号线因故障临时停运，官方称预计一小时内恢复",
                "网友热议：外卖骑手高温补贴何时落实？#高温# @市人社局",
                "【突发】化工园区附近冒出浓烟，消防已赶赴现场🚒");
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            out.put(String.valueOf(4_987_654_321_000L + i), samples.get(i % samples.size()) + "（第" + i + "条）");
        }
        return out;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
