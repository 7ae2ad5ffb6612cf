package io.yuqing.radar.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The tests' temporary data directories (servers' data and logs), removed after each test class. */
final class TestDirs {
    private TestDirs() {}

    /** Deletes {@code dir} and everything under it; nothing when it is null or already gone. */
    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
