package io.yuqing.radar.jobs.notify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/** A 企业微信, 钉钉 or 飞书 group robot: one POST of the robot's JSON per message. */
final class WebhookChannel implements Channel {
    private final ChannelSpec spec;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;

    WebhookChannel(ChannelSpec spec, HttpClient http, Duration timeout, Clock clock) {
        this.spec = spec;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    @Override
    public Outcome send(Notification n) {
        long now = clock.millis();
        String url = spec.url();
        String body = switch (spec.type()) {
            case WECOM -> WebhookFormats.wecom(n);
            case DINGTALK -> {
                url = WebhookFormats.dingtalkUrl(url, spec.secret(), now);
                yield WebhookFormats.dingtalk(n);
            }
            case FEISHU -> WebhookFormats.feishu(n, spec.secret(), now / 1000);
            default -> throw new IllegalStateException("not a webhook: " + spec.type());
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> r;
        try {
            r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Outcome.retry(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("interrupted");
        }
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return WebhookFormats.answer(r.body());
        }
        String reason = "HTTP " + s + (r.body() == null || r.body().isBlank() ? ""
                : ": " + r.body().substring(0, Math.min(200, r.body().length())));
        // 408 and 429 are the receiver asking for later; any other 4xx will not change on a retry
        return s >= 500 || s == 408 || s == 429 ? Outcome.retry(reason) : Outcome.refused(reason);
    }
}
