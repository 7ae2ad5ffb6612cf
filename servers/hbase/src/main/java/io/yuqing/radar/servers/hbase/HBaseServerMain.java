package io.yuqing.radar.servers.hbase;

import io.yuqing.radar.servers.ServerProtocol;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.ClusterMetrics;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HConstants;
import org.apache.hadoop.hbase.HRegionLocation;
import org.apache.hadoop.hbase.LocalHBaseCluster;
import org.apache.hadoop.hbase.MetaTableAccessor;
import org.apache.hadoop.hbase.RegionLocations;
import org.apache.hadoop.hbase.ServerName;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.ConnectionFactory;
import org.apache.hadoop.hbase.client.Hbck;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.ResultScanner;
import org.apache.hadoop.hbase.client.Scan;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.master.HMaster;
import org.apache.hadoop.hbase.regionserver.HRegion;
import org.apache.hadoop.hbase.regionserver.HRegionServer;
import org.apache.hadoop.hbase.util.JVMClusterUtil;
import org.apache.hadoop.metrics2.lib.DefaultMetricsSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import org.apache.zookeeper.server.ServerCnxnFactory;
import org.apache.zookeeper.server.PurgeTxnLog;
import org.apache.zookeeper.server.ZooKeeperServer;

/**
 * HBase for the local stack and the tests: ZooKeeper, one master and one region server in this
 * JVM, everything on 127.0.0.1, data under {@code --data-dir}.
 *
 * <p>Arguments: {@code --data-dir DIR} (required), {@code --zk-port N} (0 or absent: a free port).
 * Prints {@code YUQING-READY zookeeper=127.0.0.1:<port>} once a client in another JVM can use it.
 *
 * <p>Layout of the data dir: {@code hbase/} is the HBase root dir (tables, WALs, the master's
 * procedure store), {@code zookeeper/} the ZooKeeper snapshot and transaction log. Both survive a
 * restart. HBase itself could recover from an empty ZooKeeper, but its clients could not: a
 * client that stays connected across a restart (the Flink sinks do) presents the highest zxid it
 * has seen, and a ZooKeeper that started over from zxid 0 refuses such a session
 * ("client must try another server") until its own zxid catches up, which can take minutes.
 */
public final class HBaseServerMain {
    private static final String HOST = "127.0.0.1";
    private static final long READY_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(5);

    private final Path dataDir;
    private final int zkPort;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ServerCnxnFactory zkFactory;
    private ZooKeeperServer zkServer;
    private LocalHBaseCluster cluster;

    private HBaseServerMain(Path dataDir, int zkPort) {
        this.dataDir = dataDir;
        this.zkPort = zkPort;
    }

    public static void main(String[] argv) {
        HBaseServerMain server;
        try {
            Map<String, String> args = ServerProtocol.parseArgs(argv);
            Path dataDir = Paths.get(ServerProtocol.require(args, "data-dir")).toAbsolutePath();
            server = new HBaseServerMain(dataDir, ServerProtocol.port(args, "zk-port"));
        } catch (RuntimeException e) {
            ServerProtocol.failAndExit("bad arguments: " + e.getMessage(), e);
            return;
        }
        // Before anything starts: the parent may close stdin while we are still coming up.
        ServerProtocol.exitWhenParentGone(server::stop);
        // SIGTERM. Through Hadoop's hook manager, ahead of its FileSystem-closing hook, so the
        // flush on the way out still has a file system to write to.
        ShutdownHookManager.get().addShutdownHook(server::stop,
                FileSystem.SHUTDOWN_HOOK_PRIORITY + 10, 60, TimeUnit.SECONDS);
        try {
            server.start();
        } catch (Throwable t) {
            if (server.stopping.get()) {
                return; // told to stop while starting: not a failure
            }
            ServerProtocol.failAndExit(describe(t), t);
            return;
        }
        ServerProtocol.ready(Map.of("zookeeper", HOST + ":" + server.zkPort));
        server.awaitMasterExit();
    }

    private void start() throws Exception {
        Files.createDirectories(dataDir);
        startZooKeeper();
        Configuration conf = hbaseConfiguration();
        // Two in-process servers would otherwise register the same metrics sources.
        DefaultMetricsSystem.setMiniClusterMode(true);
        cluster = new LocalHBaseCluster(conf, 1, 1);
        cluster.startup();
        awaitUsable(conf);
    }

    private void startZooKeeper() throws IOException, InterruptedException {
        Path zkDir = dataDir.resolve("zookeeper");
        Files.createDirectories(zkDir);
        File dir = zkDir.toFile();
        // Any explicit value silences "maxCnxns is not configured" on every start.
        System.setProperty("zookeeper.maxCnxns", "1000");
        zkFactory = ServerCnxnFactory.createFactory();
        try {
            zkFactory.configure(new InetSocketAddress(InetAddress.getByName(HOST), zkPort), 200);
        } catch (IOException e) {
            if (hasCause(e, BindException.class)) {
                throw new PortTakenException(zkPort, e);
            }
            throw e;
        }
        // HBase writes little to ZooKeeper, but every start adds a snapshot.
        if (Files.exists(zkDir.resolve("version-2"))) {
            PurgeTxnLog.purge(dir, dir, 3);
        }
        // A txn is still written to the OS before the client sees its zxid, so a killed process
        // loses nothing; only a machine crash could, and this is a local stack.
        System.setProperty("zookeeper.forceSync", "no");
        zkServer = new ZooKeeperServer(dir, dir, 2000);
        zkFactory.startup(zkServer);
        // After a kill, the sessions of the previous master and region server come back from the
        // log, holding their ephemeral znodes until they time out: the new master would wait as
        // a backup for ten seconds. Only HBase servers own ephemerals here (clients never do),
        // so ending exactly those sessions is what HBase's own start scripts do after a crash.
        for (Long session : new ArrayList<>(zkServer.getZKDatabase().getEphemerals().keySet())) {
            zkServer.expire(session);
        }
    }

    private Configuration hbaseConfiguration() {
        Configuration conf = HBaseConfiguration.create();
        // Standalone mode: master and region server as threads of this JVM, on the local FS.
        conf.setBoolean(HConstants.CLUSTER_DISTRIBUTED, false);
        conf.set(HConstants.HBASE_DIR, dataDir.resolve("hbase").toUri().toString());
        conf.set("hbase.tmp.dir", dataDir.resolve("tmp").toString());
        conf.set("hbase.fs.tmp.dir", dataDir.resolve("tmp").resolve("staging").toString());
        // The local FS cannot promise hflush/hsync; HBase refuses to write WALs there unless told.
        conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
        // The classic WAL writer: the async one is built for HDFS pipelines.
        conf.set("hbase.wal.provider", "filesystem");

        conf.set(HConstants.ZOOKEEPER_QUORUM, HOST);
        conf.setInt(HConstants.ZOOKEEPER_CLIENT_PORT, zkPort);
        // As standalone HBase does: a dead local server is noticed in seconds, not 90.
        conf.setInt(HConstants.ZK_SESSION_TIMEOUT, 10_000);

        // Loopback only, free ports, and a name every client resolves without DNS: the region
        // server registers in hbase:meta under this hostname, and clients in other JVMs dial it.
        conf.set("hbase.master.ipc.address", HOST);
        conf.set("hbase.regionserver.ipc.address", HOST);
        conf.set("hbase.master.hostname", HOST);
        conf.set("hbase.unsafe.regionserver.hostname", HOST);
        conf.setInt(HConstants.MASTER_PORT, 0);
        conf.setInt(HConstants.REGIONSERVER_PORT, 0);
        conf.setInt(HConstants.MASTER_INFO_PORT, -1);
        conf.setInt(HConstants.REGIONSERVER_INFO_PORT, -1);

        // There is exactly one region server; do not wait 4.5 s for others to check in.
        conf.setInt("hbase.master.wait.on.regionservers.mintostart", 1);
        conf.setInt("hbase.master.wait.on.regionservers.maxtostart", 1);
        // The master places regions only on a server that has sent a load report, which the
        // region server does every msginterval (3 s by default): the first assignment after a
        // start waited for it.
        conf.setInt("hbase.regionserver.msginterval", 1000);
        // JVMClusterUtil's own limits (30 s by default) are too tight for a cold JVM on 2 cores;
        // the parent's start timeout is the one that counts.
        conf.setLong("hbase.master.start.timeout.localHBaseCluster", READY_TIMEOUT_MS);
        conf.setLong("hbase.master.init.timeout.localHBaseCluster", READY_TIMEOUT_MS);
        // Small machine: fewer idle handler threads.
        conf.setInt(HConstants.REGION_SERVER_HANDLER_COUNT, 16);
        return conf;
    }

    /**
     * Waits until a client gets the same answers a client in another JVM would: the master is
     * initialized, hbase:meta is readable through RPC, the region server registered as 127.0.0.1
     * and no region is still being assigned (after a restart, the user tables' regions).
     */
    private void awaitUsable(Configuration serverConf) throws Exception {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MS;
        HMaster master = cluster.getMaster(0);
        while (!master.isInitialized()) {
            checkAlive(master);
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("master not initialized after " + READY_TIMEOUT_MS + " ms");
            }
            Thread.sleep(100);
        }
        Configuration conf = new Configuration(serverConf);
        conf.setInt(HConstants.HBASE_CLIENT_RETRIES_NUMBER, 3);
        Set<ServerName> recovering = new HashSet<>();
        try (Connection conn = ConnectionFactory.createConnection(conf);
             Admin admin = conn.getAdmin()) {
            while (true) {
                checkAlive(master);
                try {
                    admin.listNamespaceDescriptors();
                    try (Table meta = conn.getTable(TableName.META_TABLE_NAME);
                         ResultScanner scanner = meta.getScanner(new Scan().setLimit(1))) {
                        Result ignored = scanner.next();
                    }
                    ClusterMetrics metrics = admin.getClusterMetrics(EnumSet.of(ClusterMetrics.Option.LIVE_SERVERS,
                            ClusterMetrics.Option.REGIONS_IN_TRANSITION, ClusterMetrics.Option.UNKNOWN_SERVERS));
                    ServerName rs = metrics.getLiveServerMetrics().keySet().stream()
                            .filter(s -> !s.equals(master.getServerName()))
                            .findFirst().orElse(null);
                    Set<ServerName> gone = new HashSet<>(metrics.getUnknownServerNames());
                    gone.addAll(locationsNotLive(conn, metrics.getLiveServerMetrics().keySet()));
                    recoverUnknownServers(conn, gone, recovering);
                    if (rs != null && metrics.getRegionStatesInTransition().isEmpty() && gone.isEmpty()) {
                        if (!HOST.equals(rs.getHostname())) {
                            throw new IllegalStateException("region server registered as " + rs
                                    + ", which clients elsewhere may not reach; expected host " + HOST);
                        }
                        return;
                    }
                } catch (IOException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                }
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("regions still in transition after " + READY_TIMEOUT_MS + " ms");
                }
                Thread.sleep(200);
            }
        }
    }

    /**
     * After a clean shutdown hbase:meta still places every user region on the old region server,
     * which left no WAL directory behind and is not in the master's list of servers it saw before,
     * so the master treats it as "unknown", never expires it, and the regions stay assigned to it:
     * clients would wait on them forever. This is what {@code hbck2 scheduleRecoveries} does: a
     * crash procedure per such server, which reassigns its regions to the live one.
     */
    private static void recoverUnknownServers(Connection conn, Set<ServerName> unknown, Set<ServerName> recovering)
            throws IOException {
        List<ServerName> fresh = unknown.stream().filter(recovering::add).toList();
        if (!fresh.isEmpty()) {
            try (Hbck hbck = conn.getHbck()) {
                List<Long> pids = hbck.scheduleServerCrashProcedures(fresh);
                System.out.println("hbase: regions still assigned to the previous run's region server " + fresh
                        + "; scheduled crash procedures " + pids + " to reassign them");
            }
        }
    }

    /**
     * Servers that hbase:meta names as a region's location but that are not live. The master's
     * own list of unknown servers comes from its in-memory region states, which can disagree with
     * hbase:meta right after a restart, while clients go by hbase:meta.
     */
    private static Set<ServerName> locationsNotLive(Connection conn, Set<ServerName> live) throws IOException {
        Set<ServerName> out = new HashSet<>();
        for (Result r : MetaTableAccessor.fullScanRegions(conn)) {
            RegionLocations locations = MetaTableAccessor.getRegionLocations(r);
            if (locations == null) {
                continue;
            }
            for (HRegionLocation l : locations.getRegionLocations()) {
                if (l != null && l.getServerName() != null && !live.contains(l.getServerName())) {
                    out.add(l.getServerName());
                }
            }
        }
        return out;
    }

    private void checkAlive(HMaster master) {
        if (master.isAborted() || master.isStopped()) {
            throw new IllegalStateException("HBase master stopped while starting (see the log above)");
        }
        for (JVMClusterUtil.RegionServerThread t : cluster.getRegionServers()) {
            HRegionServer rs = t.getRegionServer();
            if (rs.isAborted() || (rs.isStopped() && !stopping.get())) {
                throw new IllegalStateException("HBase region server stopped while starting (see the log above)");
            }
        }
    }

    /** Blocks while HBase runs; a master that dies on its own takes the process down with it. */
    private void awaitMasterExit() {
        for (JVMClusterUtil.MasterThread t : cluster.getMasters()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!stopping.get()) {
            System.err.println("HBase master exited unexpectedly; stopping");
            stop();
            Runtime.getRuntime().halt(1);
        }
        // Otherwise stop() is under way on another thread and ends the process.
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Clean shutdown, safe to call from several threads; later callers wait for the first. */
    private void stop() {
        if (!stopping.compareAndSet(false, true)) {
            try {
                stopped.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            LocalHBaseCluster c = cluster;
            if (c != null) {
                // Closing regions flushes them too, but only if the close gets that far; flushing
                // first means nothing is left to WAL replay even if the shutdown is cut short.
                for (JVMClusterUtil.RegionServerThread t : c.getLiveRegionServers()) {
                    for (HRegion region : t.getRegionServer().getRegions()) {
                        try {
                            region.flush(true);
                        } catch (IOException | RuntimeException e) {
                            System.err.println("flush of " + region + " failed: " + e);
                        }
                    }
                }
                c.shutdown();
                c.join();
            }
        } catch (RuntimeException e) {
            e.printStackTrace();
        } finally {
            if (zkFactory != null) {
                zkFactory.shutdown();
            }
            if (zkServer != null) {
                zkServer.shutdown();
            }
            stopped.countDown();
        }
    }

    private static String describe(Throwable t) {
        if (t instanceof PortTakenException) {
            return t.getMessage();
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
        if (root != t) {
            msg += " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
        }
        return msg;
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static final class PortTakenException extends IOException {
        PortTakenException(int port, Throwable cause) {
            super("ZooKeeper port " + HOST + ":" + port + " is already in use (another HBase or "
                    + "ZooKeeper running?); stop it or pass a different --zk-port", cause);
        }
    }
}
