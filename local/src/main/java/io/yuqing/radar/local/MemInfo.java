package io.yuqing.radar.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory the OS can give new processes (Linux's MemAvailable); -1 where unknown. */
final class MemInfo {
    private MemInfo() {}

    static long availableBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemAvailable:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or an unusual /proc: skip the check rather than guess
        }
        return -1;
    }
}
