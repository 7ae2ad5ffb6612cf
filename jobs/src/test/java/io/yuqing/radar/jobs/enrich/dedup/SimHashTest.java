package io.yuqing.radar.jobs.enrich.dedup;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SimHashTest {
    static final String ACCIDENT = "【紧急扩散】今天下午三点左右，市第一人民医院门口发生一起严重交通事故，一辆白色轿车失控冲上人行道，"
            + "造成多名行人受伤，目前伤者已被送往医院抢救，请大家出行注意安全！";

    private static int d(String a, String b) {
        return SimHash.distance(SimHash.of(a), SimHash.of(b));
    }

    @Test
    void hexIsSixteenLowerCaseDigitsAndRoundTrips() {
        assertThat(SimHash.hex(0L)).isEqualTo("0000000000000000");
        assertThat(SimHash.hex(-1L)).isEqualTo("ffffffffffffffff");
        assertThat(SimHash.hex(0xABCL)).isEqualTo("0000000000000abc");
        long h = SimHash.of(ACCIDENT);
        assertThat(SimHash.hex(h)).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(SimHash.parseHex(SimHash.hex(h))).isEqualTo(h);
    }

    @Test
    void cosmeticCopiesAreIdentical() {
        // boilerplate, emoticons, mentions and repost-chain names, hashtag marks, punctuation and spacing
        assertThat(d(ACCIDENT, "转发微博 " + ACCIDENT)).isZero();
        assertThat(d(ACCIDENT, ACCIDENT + "[泪][泪][怒]")).isZero();
        assertThat(d(ACCIDENT, ACCIDENT + " //@城市生活播报: //@路人甲:")).isZero();
        assertThat(d(ACCIDENT, "@热心市民小李: " + ACCIDENT + " @交警小王 @本地头条")).isZero();
        assertThat(d(ACCIDENT, ACCIDENT.replace("，", " ").replace("！", "!!!").replace("【", "[[ "))).isZero();
        assertThat(d("iPhone发布会今晚举行，价格又涨了，网友吐槽买不起", "IPHONE发布会今晚举行 价格又涨了 网友吐槽买不起"))
                .isZero();
    }

    @Test
    void lightlyEditedCopiesStayWithinThreeBits() {
        assertThat(d(ACCIDENT, ACCIDENT.replace("严重", "特别严重"))).isLessThanOrEqualTo(3);
        assertThat(d(ACCIDENT, ACCIDENT.replace("三点", "3点"))).isLessThanOrEqualTo(3);
        assertThat(d(ACCIDENT, "天哪！" + ACCIDENT)).isLessThanOrEqualTo(3);
        assertThat(d(ACCIDENT, "#突发# " + ACCIDENT)).isLessThanOrEqualTo(3);
        assertThat(d(ACCIDENT, ACCIDENT.replace("目前", ""))).isLessThanOrEqualTo(3);
        assertThat(d(ACCIDENT, "回复@热心市民小李: " + ACCIDENT)).isLessThanOrEqualTo(3);
    }

    @Test
    void unrelatedPostsAreFarApart() {
        assertThat(d(ACCIDENT, "今年国庆假期全市接待游客突破五百万人次，旅游收入同比增长百分之十二，各大景区秩序井然，"
                + "市民和游客纷纷点赞城市管理水平。")).isGreaterThan(10);
        assertThat(d(ACCIDENT, "苹果发布会今晚举行，新款手机外观变化不大，但价格又涨了，网友吐槽说买不起买不起，"
                + "还是继续用旧手机吧。")).isGreaterThan(10);
        // same hospital, same afternoon, a different story
        assertThat(d(ACCIDENT, "今天下午市第一人民医院组织了一场义诊活动，数十名专家为市民提供免费咨询，"
                + "现场秩序良好，受到群众欢迎。")).isGreaterThan(10);
        // the same event retold in other words is a different text, not a copy
        assertThat(d(ACCIDENT, "在今天下午三点左右，市第一人民医院门口发生一起交通事故，一辆白色轿车失控冲上人行道，"
                + "多名行人受伤，伤者已送医抢救。")).isGreaterThan(3);
    }

    @Test
    void contentCharactersAreCountedAndNoContentHashesToZero() {
        SimHash s = new SimHash();
        assertThat(s.hash("[哈哈] @某人 !!! 转发微博 ...")).isZero();
        assertThat(s.contentChars()).isZero();
        assertThat(s.hash("")).isZero();
        s.hash("顶");
        assertThat(s.contentChars()).isEqualTo(1);
        s.hash("支持 Flink 2.2！");
        assertThat(s.contentChars()).isEqualTo(2 + 5 + 2);
        // a [ that opens no emoticon code is just punctuation
        s.hash("[这不是表情，括号没有关上");
        assertThat(s.contentChars()).isEqualTo(11);
    }

    @Test
    void instanceReuseGivesTheSameAsAFreshHash() {
        SimHash s = new SimHash();
        s.hash("完全不同的另一段文字，用来弄脏累加器");
        assertThat(s.hash(ACCIDENT)).isEqualTo(SimHash.of(ACCIDENT)).isEqualTo(new SimHash().hash(ACCIDENT));
    }

    @Test
    void randomTextsAverageAboutHalfTheBitsApart() {
        Random r = new Random(7);
        long sum = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            sum += SimHash.distance(SimHash.of(randomHan(r, 60)), SimHash.of(randomHan(r, 60)));
        }
        assertThat(sum / (double) n).isBetween(26.0, 38.0);
    }

    static String randomHan(Random r, int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) (0x4E00 + r.nextInt(3000)));
        }
        return b.toString();
    }
}
