package io.yuqing.radar.jobs.enrich;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RegionResolverTest {
    private final RegionResolver regions = RegionResolver.get();

    @ParameterizedTest(name = "region {0} → {1} / {2}")
    @CsvSource(nullValues = "-", value = {
            "武汉市洪山区, 湖北, 武汉",
            "湖北 武汉, 湖北, 武汉",
            "湖北省武汉市, 湖北, 武汉",
            "湖北, 湖北, -",
            "湖北省, 湖北, -",
            "广东省广州市天河区, 广东, 广州",
            "深圳, 广东, 深圳",
            "内蒙古, 内蒙古, -",
            "内蒙古自治区呼和浩特市, 内蒙古, 呼和浩特",
            "广西壮族自治区桂林市, 广西, 桂林",
            "新疆维吾尔自治区, 新疆, -",
            "宁夏 银川, 宁夏, 银川",
            "香港, 香港, 香港",
            "香港特别行政区, 香港, 香港",
            "澳门, 澳门, 澳门",
            "台湾 台北, 台湾, 台北",
            "台北市, 台湾, 台北",
            "北京, 北京, 北京",
            "北京市朝阳区, 北京, 北京",
            "上海 浦东新区, 上海, 上海",
            "重庆市渝中区, 重庆, 重庆",
            "吉林, 吉林, -",
            "吉林市, 吉林, 吉林",
            "吉林省长春市, 吉林, 长春",
            "恩施州, 湖北, 恩施",
            "延边朝鲜族自治州, 吉林, 延边",
            "湖北 深圳, 湖北, -",
            "420100, 湖北, 武汉",
            "420111, 湖北, 武汉",
            "420000, 湖北, -",
            "110105, 北京, 北京",
            "500000, 重庆, 重庆",
            "500230, 重庆, 重庆",
            "440300, 广东, 深圳",
            "810000, 香港, 香港",
            "650100, 新疆, 乌鲁木齐",
            "429004, 湖北, -",
            "990000, -, -",
            "海外, -, -",
            "其他, -, -",
            "'', -, -",
    })
    void resolvesRegionFields(String region, String province, String city) {
        Region r = regions.resolve(region);
        assertThat(r.province()).isEqualTo(province);
        assertThat(r.city()).isEqualTo(city);
    }

    @Test
    void allThirtyFourProvincialDivisionsAreKnownByShortAndFullName() {
        String[][] divisions = {
                {"北京", "北京市"}, {"天津", "天津市"}, {"河北", "河北省"}, {"山西", "山西省"}, {"内蒙古", "内蒙古自治区"},
                {"辽宁", "辽宁省"}, {"吉林", "吉林省"}, {"黑龙江", "黑龙江省"}, {"上海", "上海市"}, {"江苏", "江苏省"},
                {"浙江", "浙江省"}, {"安徽", "安徽省"}, {"福建", "福建省"}, {"江西", "江西省"}, {"山东", "山东省"},
                {"河南", "河南省"}, {"湖北", "湖北省"}, {"湖南", "湖南省"}, {"广东", "广东省"}, {"广西", "广西壮族自治区"},
                {"海南", "海南省"}, {"重庆", "重庆市"}, {"四川", "四川省"}, {"贵州", "贵州省"}, {"云南", "云南省"},
                {"西藏", "西藏自治区"}, {"陕西", "陕西省"}, {"甘肃", "甘肃省"}, {"青海", "青海省"}, {"宁夏", "宁夏回族自治区"},
                {"新疆", "新疆维吾尔自治区"}, {"台湾", "台湾省"}, {"香港", "香港特别行政区"}, {"澳门", "澳门特别行政区"}};
        assertThat(divisions.length).isEqualTo(34);
        for (String[] d : divisions) {
            assertThat(regions.resolve(d[0]).province()).as(d[0]).isEqualTo(d[0]);
            assertThat(regions.resolve(d[1]).province()).as(d[1]).isEqualTo(d[0]);
        }
    }

    @Test
    void everyCapitalResolvesToItsProvince() {
        String[][] capitals = {{"石家庄", "河北"}, {"太原", "山西"}, {"呼和浩特", "内蒙古"}, {"沈阳", "辽宁"}, {"长春", "吉林"},
                {"哈尔滨", "黑龙江"}, {"南京", "江苏"}, {"杭州", "浙江"}, {"合肥", "安徽"}, {"福州", "福建"}, {"南昌", "江西"},
                {"济南", "山东"}, {"郑州", "河南"}, {"武汉", "湖北"}, {"长沙", "湖南"}, {"广州", "广东"}, {"南宁", "广西"},
                {"海口", "海南"}, {"成都", "四川"}, {"贵阳", "贵州"}, {"昆明", "云南"}, {"拉萨", "西藏"}, {"西安", "陕西"},
                {"兰州", "甘肃"}, {"西宁", "青海"}, {"银川", "宁夏"}, {"乌鲁木齐", "新疆"}, {"台北", "台湾"}};
        for (String[] c : capitals) {
            Region r = regions.resolve(c[0] + "市");
            assertThat(r).as(c[0]).isEqualTo(new Region(c[1], c[0]));
        }
    }

    @Test
    void placeEntitiesMustStartWithANameAndEndAtABoundary() {
        assertThat(regions.resolvePlace("武汉")).isEqualTo(new Region("湖北", "武汉"));
        assertThat(regions.resolvePlace("武汉市")).isEqualTo(new Region("湖北", "武汉"));
        assertThat(regions.resolvePlace("武汉市洪山区")).isEqualTo(new Region("湖北", "武汉"));
        assertThat(regions.resolvePlace("湖北武汉")).isEqualTo(new Region("湖北", "武汉"));
        assertThat(regions.resolvePlace("中山路")).isEqualTo(Region.NONE);      // a street, not 中山市
        assertThat(regions.resolvePlace("北海公园")).isEqualTo(Region.NONE);    // a park in Beijing
        assertThat(regions.resolvePlace("中山市")).isEqualTo(new Region("广东", "中山"));
        assertThat(regions.resolvePlace("洪山区")).isEqualTo(Region.NONE);      // districts are not in the table
        assertThat(regions.resolvePlace("美国")).isEqualTo(Region.NONE);
        assertThat(regions.resolvePlace("湖北省委")).isEqualTo(new Region("湖北", null));
    }

    @Test
    void placesListTakesTheFirstKnownAndACityInTheSameProvince() {
        assertThat(regions.resolvePlaces(List.of("洪山区", "湖北", "武汉", "北京")))
                .isEqualTo(new Region("湖北", "武汉"));
        assertThat(regions.resolvePlaces(List.of("美国", "纽约"))).isEqualTo(Region.NONE);
        assertThat(regions.resolvePlaces(List.of())).isEqualTo(Region.NONE);
    }
}
