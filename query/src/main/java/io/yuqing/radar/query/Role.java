package io.yuqing.radar.query;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a token may do. Roles are of duty posts (值班岗位), not of people: a token belongs to a
 * unit and a role, and the audit names the token's id.
 *
 * <p>The matrix ({@link Access}, README "Roles and audit"): everyone with a token reads topics,
 * alerts and posts; {@code dispatcher} (指挥调度) also writes (case events); {@code analyst}
 * (研判) writes and exports (reports); {@code admin} may do all of it, so the account that
 * manages the tokens can check what each role sees.
 */
enum Role {
    VIEWER(EnumSet.of(Access.READ, Access.READ_POSTS)),
    DISPATCHER(EnumSet.of(Access.READ, Access.READ_POSTS, Access.WRITE)),
    ANALYST(EnumSet.of(Access.READ, Access.READ_POSTS, Access.WRITE, Access.EXPORT)),
    ADMIN(EnumSet.allOf(Access.class));

    private final Set<Access> permitted;

    Role(Set<Access> permitted) {
        this.permitted = permitted;
    }

    boolean permits(Access access) {
        return permitted.contains(access);
    }

    /** The name in the tokens file and the audit: {@code viewer}, {@code analyst}, ... */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String s) {
        if (s != null) {
            for (Role r : values()) {
                if (r.wireName().equals(s.strip())) {
                    return r;
                }
            }
        }
        throw new IllegalArgumentException("role must be one of viewer, analyst, dispatcher, admin, got '" + s + "'");
    }
}
