package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import io.yuqing.radar.schemas.Settings;
import org.apache.hadoop.hbase.client.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CountDownLatch;

/**
 * Runs the query service as a process: {@code QueryMain [--config FILE]} (or the file named by
 * {@code YUQING_CONFIG}), environment variables over the file (see {@link Settings}).
 * Stops cleanly on SIGTERM, as Kubernetes sends it.
 */
public final class QueryMain {
    private static final Logger LOG = LoggerFactory.getLogger(QueryMain.class);

    private QueryMain() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromArgs(args);
        QueryConfig config = QueryConfig.from(settings);

        Connection hbase = ProductionClients.hbase(config);
        ElasticsearchClient es = ProductionClients.elasticsearch(config);
        CaseDesk cases = CaseDesk.of(settings, hbase, es);
        QueryService service = new QueryService(settings, hbase, es, cases).start();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("stopping query service");
            service.stop();
            closeQuietly(cases);
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
