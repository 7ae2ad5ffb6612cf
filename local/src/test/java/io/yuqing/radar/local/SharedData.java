package io.yuqing.radar.local;

import io.yuqing.radar.local.feed.CedPostReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the real data kept outside the repository ({@code ../shared/data}, looked for from the
 * working directory upwards). It is never copied into the project; tests that need it skip or
 * fall back to generated posts without it, as in a user's fresh clone.
 */
public final class SharedData {
    private SharedData() {}

    public static Optional<Path> dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("../shared/data").normalize();
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The CED folder, when it holds the posts file. */
    public static Optional<Path> ced() {
        return dir().map(d -> d.resolve("ced")).filter(d -> Files.isRegularFile(d.resolve(CedPostReader.POSTS_FILE)));
    }

    public static Optional<Path> cedPosts() {
        return ced().map(d -> d.resolve(CedPostReader.POSTS_FILE));
    }
}
