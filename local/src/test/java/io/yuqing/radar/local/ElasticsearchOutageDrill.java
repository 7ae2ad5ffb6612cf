package io.yuqing.radar.local;

/**
 * Failure drill (profile {@code drills}): Elasticsearch down for 30 s while posts keep flowing;
 * the sink re-queues every failed bulk request and retries, the job keeps running, and nothing is
 * lost or duplicated once Elasticsearch returns.
 */
class ElasticsearchOutageDrill extends OutageDrillSupport {
    @Override
    String server() {
        return "elasticsearch";
    }

    @Override
    String retriedCounter() {
        return "esDocumentsRetried";
    }
}
