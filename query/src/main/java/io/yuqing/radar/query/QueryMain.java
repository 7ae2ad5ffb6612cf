package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import org.apache.hadoop.hbase.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the query service as a process: {@code QueryMain [config.properties]} (or the file named by
 * {@code YUQING_QUERY_CONFIG}), environment variables over the file (see {@link QueryConfig}).
 * Stops cleanly on SIGTERM, as Kubernetes sends it.
 */
public final class QueryMain {
    private static final Logger LOG = LoggerFactory.getLogger(QueryMain.class);

    private QueryMain() {}

    public static void main(String[] args) throws Exception {
        String file = args.length > 0 ? args[0] : System.getenv("YUQING_QUERY_CONFIG");
        QueryConfig config = QueryConfig.load(file == null || file.isBlank() ? null : Path.of(file), System.getenv());

        Connection hbase = ProductionClients.hbase(config);
        ElasticsearchClient es = ProductionClients.elasticsearch(config);
        QueryService service = new QueryService(config, hbase, es).start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping query service");
            service.stop();
            closeQuietly(es._transport());
            closeQuietly(hbase);
            stopped.countDown();
        }, "yuqing-query-shutdown"));
        stopped.await();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
        }
    }
}
