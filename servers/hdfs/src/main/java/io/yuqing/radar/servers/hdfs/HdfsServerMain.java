package io.yuqing.radar.servers.hdfs;

import io.yuqing.radar.servers.ServerProtocol;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * HDFS for the local stack and the tests: one NameNode and one DataNode in this JVM, on
 * 127.0.0.1, their storage under {@code --data-dir} (kept across restarts: the name directory is
 * formatted only the first time).
 *
 * <p>Arguments: {@code --data-dir DIR} (required), {@code --port N} (the NameNode's RPC port; 0 or
 * absent: a free one). Prints {@code YUQING-READY uri=hdfs://127.0.0.1:<port> http=…} once a
 * client in another JVM can write a file.
 */
public final class HdfsServerMain {
    private static final CountDownLatch STOPPED = new CountDownLatch(1);
    private static volatile MiniDFSCluster cluster;

    private HdfsServerMain() {}

    public static void main(String[] argv) {
        long t0 = System.nanoTime();
        java.nio.file.Path dataDir;
        int port;
        try {
            Map<String, String> args = ServerProtocol.parseArgs(argv);
            dataDir = Paths.get(ServerProtocol.require(args, "data-dir")).toAbsolutePath();
            port = ServerProtocol.port(args, "port");
        } catch (RuntimeException e) {
            ServerProtocol.failAndExit("bad arguments: " + e.getMessage(), null);
            return;
        }
        try {
            Files.createDirectories(dataDir);
            boolean fresh = !Files.exists(dataDir.resolve("name-0-1").resolve("current"));
            Configuration conf = new Configuration();
            conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, dataDir.toString());
            // one DataNode: a block has one replica, and the local user may write anywhere
            conf.setInt("dfs.replication", 1);
            conf.setBoolean("dfs.permissions.enabled", false);
            // clients on this machine reach the DataNode by the address it registered with
            conf.set("dfs.datanode.hostname", "127.0.0.1");
            conf.set("dfs.namenode.rpc-bind-host", "127.0.0.1");
            // a stopped stack's leases (Flink's in-progress files) are recovered within a minute,
            // not the default hour, so a restarted job can truncate them on restore
            conf.setLong("dfs.namenode.lease-recheck-interval-ms", 1000);
            MiniDFSCluster c = new MiniDFSCluster.Builder(conf, dataDir.toFile())
                    .nameNodePort(port)
                    .numDataNodes(1)
                    .format(fresh)
                    .manageNameDfsDirs(true)
                    .manageDataDfsDirs(true)
                    .waitSafeMode(true)
                    .checkDataNodeHostConfig(true)
                    .build();
            cluster = c;
            Runtime.getRuntime().addShutdownHook(new Thread(HdfsServerMain::stop, "yuqing-hdfs-shutdown"));
            ServerProtocol.exitWhenParentGone(HdfsServerMain::stop);
            c.waitActive();

            String uri = "hdfs://127.0.0.1:" + c.getNameNodePort();
            // what a client does first: write and read back, so READY means usable
            FileSystem fs = c.getFileSystem();
            Path probe = new Path("/.yuqing-ready");
            try (var out = fs.create(probe, true)) {
                out.writeUTF("ready");
            }
            fs.delete(probe, false);
            System.out.printf("hdfs up in %d ms (%s), data in %s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), fresh ? "formatted" : "existing name directory", dataDir);
            System.out.flush();
            Map<String, String> info = new LinkedHashMap<>();
            info.put("uri", uri);
            info.put("http", "http://127.0.0.1:" + c.getNameNode().getHttpAddress().getPort());
            info.put("version", org.apache.hadoop.util.VersionInfo.getVersion());
            ServerProtocol.ready(info);
        } catch (Throwable e) {
            stop();
            ServerProtocol.failAndExit("hdfs did not start: " + e, e);
            return;
        }
        try {
            STOPPED.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Idempotent: reached from stdin EOF, SIGTERM and failed starts alike. */
    private static synchronized void stop() {
        MiniDFSCluster c = cluster;
        cluster = null;
        try {
            if (c != null) {
                // keep the storage: shutdown(false) leaves the name and data directories in place
                c.shutdown(false);
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        } finally {
            STOPPED.countDown();
        }
    }
}
