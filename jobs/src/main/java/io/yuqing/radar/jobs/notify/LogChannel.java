package io.yuqing.radar.jobs.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The notifier's log: for trials and the local stack, where no robot or mail server is set up. */
final class LogChannel implements Channel {
    private static final Logger LOG = LoggerFactory.getLogger("io.yuqing.radar.notify");

    @Override
    public Outcome send(Notification n) {
        LOG.info("notification {}\n{}", n.deliveryKey("log"), WebhookFormats.text(n));
        return Outcome.delivered();
    }
}
