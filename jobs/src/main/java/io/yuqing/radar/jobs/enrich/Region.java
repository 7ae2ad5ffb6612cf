package io.yuqing.radar.jobs.enrich;

/**
 * A region resolved to the administrative divisions used for counting.
 *
 * @param province short name of the provincial-level division (湖北, 内蒙古, 香港), or null
 * @param city     short name of the prefecture-level city (武汉), or null; for 直辖市 and 特别行政区
 *                 the same as the province
 */
public record Region(String province, String city) {
    public static final Region NONE = new Region(null, null);

    public boolean isKnown() {
        return province != null;
    }
}
