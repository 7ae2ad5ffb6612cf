package io.yuqing.radar.jobs.cases;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.Alert;
import io.yuqing.radar.schemas.CaseEvent;

import java.time.Instant;

/**
 * What reaches a case: a report on its topic or a case event, with where it came from. An event
 * keeps its raw bytes, so that a refusal in the keyed step can still put it on the dead-letter topic
 * intact; an alert does not need them (an alert is never refused there).
 *
 * @param waitUntil for an event whose case is not open yet: until when it waits for the 首报
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseInput(Alert alert, CaseEvent event, RawRecord source, Instant waitUntil) {

    public static CaseInput of(Alert a) {
        return new CaseInput(a, null, null, null);
    }

    public static CaseInput of(CaseEvent e, RawRecord source) {
        return new CaseInput(null, e, source, null);
    }

    public CaseInput waiting(Instant until) {
        return new CaseInput(alert, event, source, until);
    }

    public String caseId() {
        return alert != null ? alert.topicId() : event.caseId();
    }
}
