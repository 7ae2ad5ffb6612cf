package io.yuqing.radar.local;

import java.nio.file.Files;
import java.util.List;

/**
 * Failure drill (profile {@code drills}): HBase (ZooKeeper, master and region server, one JVM)
 * stopped while posts keep flowing, kept down 30 s and started again on the same data directory
 * and ZooKeeper port. The HBase sink re-queues the rows it could not write and retries them with
 * back-off; once HBase is back (its start reassigns the regions the previous run's region server
 * held) every post is in HBase and Elasticsearch exactly once and the job runs.
 */
class HBaseOutageDrill extends OutageDrillSupport {
    @Override
    String server() {
        return "hbase";
    }

    @Override
    String retriedCounter() {
        return "hbaseRowsRetried";
    }

    /** Shows whether the restart had to reassign regions left on the previous run's region server. */
    @Override
    void afterRecovery(LocalStack stack) throws Exception {
        for (ServerProcess p : stack.servers()) {
            if (p.name().equals("hbase")) {
                try (var lines = Files.lines(p.logFile())) {
                    List<String> recoveries = lines.filter(l -> l.contains("scheduled crash procedures")).toList();
                    System.out.println("hbase outage drill: regions reassigned from the previous region server at restart: "
                            + (recoveries.isEmpty() ? "none needed (the master reassigned them itself)" : recoveries));
                }
            }
        }
    }
}
