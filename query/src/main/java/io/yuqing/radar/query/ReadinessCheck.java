package io.yuqing.radar.query;

/**
 * One backend the service cannot answer without; /ready runs them all.
 *
 * @param name  key in the /ready report, e.g. "hbase"
 * @param probe returns when the backend answered, throws otherwise
 */
record ReadinessCheck(String name, Probe probe) {
    @FunctionalInterface
    interface Probe {
        void run() throws Exception;
    }
}
