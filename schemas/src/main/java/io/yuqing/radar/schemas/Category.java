package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What a topic concerns: the domains the public-opinion work plans grade 舆情 by. The codes and
 * their scope follow the labelling rubric (shared/data/ced/labels.md); {@link #NONE} is everyday
 * chatter, entertainment, advertising and the like, which is not a public-opinion matter.
 */
public enum Category {
    ACCIDENT("安全生产与事故灾难"),
    DISASTER("自然灾害与气象"),
    HEALTH("公共卫生与医疗"),
    FOOD("食品药品安全"),
    CRIME("社会治安与刑事案件"),
    ENFORCEMENT("执法与司法"),
    OFFICIALS("干部作风与腐败"),
    EDUCATION("教育与校园"),
    LIVELIHOOD("民生与社会保障"),
    ENVIRONMENT("生态环境"),
    ETHNIC_RELIGION("民族宗教与意识形态"),
    FOREIGN("涉外与国际"),
    ECONOMY("经济金融与市场"),
    NONE("非舆情");

    private final String chinese;

    Category(String chinese) {
        this.chinese = chinese;
    }

    public String chinese() {
        return chinese;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category of a code ({@code food}, {@code ethnic_religion}); case-insensitive. */
    @JsonCreator
    public static Category of(String code) {
        if (code == null) {
            throw new IllegalArgumentException("category code is null");
        }
        try {
            return valueOf(code.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown category '" + code + "'; one of "
                    + java.util.Arrays.stream(values()).map(Category::json).toList(), e);
        }
    }
}
