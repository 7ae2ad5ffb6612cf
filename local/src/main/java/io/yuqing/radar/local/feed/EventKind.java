package io.yuqing.radar.local.feed;

/** The kinds of public-opinion event the generator can plant; templates live in posts.lexicon. */
public enum EventKind {
    RAINSTORM("暴雨内涝"),
    FOOD_SAFETY("食品安全"),
    MEDICAL_DISPUTE("医疗纠纷"),
    CAMPUS_INCIDENT("校园事件"),
    TRAFFIC_ACCIDENT("交通事故"),
    /** Offline gathering (聚集/维权): the case the red-level linkage rules exist for. */
    OWNERS_PROTEST("业主维权聚集");

    private final String label;

    EventKind(String label) {
        this.label = label;
    }

    /** The Chinese name, for logs and demo banners. */
    public String label() {
        return label;
    }
}
