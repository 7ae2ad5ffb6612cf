package io.yuqing.radar.local;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A server main for {@link ServerProcessTest}: its first start in a data dir fails as a server does
 * whose port was taken between choosing and binding it; later starts report ready. Speaks the
 * server protocol's two lines itself, since only the test classes are on its class path.
 */
public final class PortClashServer {
    public static void main(String[] argv) throws Exception {
        Path dataDir = Path.of(argv[1]);
        Path tried = dataDir.resolve("tried");
        if (!Files.exists(tried)) {
            Files.createFile(tried);
            System.out.println("YUQING-FAILED port 34851 on 127.0.0.1 is already in use");
            System.exit(1);
        }
        System.out.println("YUQING-READY attempts=2");
        System.out.flush();
        System.in.read(); // until the parent closes the lifeline
    }
}
