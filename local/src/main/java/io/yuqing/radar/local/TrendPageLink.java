package io.yuqing.radar.local;

import java.awt.Desktop;
import java.awt.GraphicsEnvironment;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The query service's trend page with the token in the URL fragment (a fragment never leaves the
 * browser, so the token reaches no server log), and a best-effort attempt to open it.
 */
final class TrendPageLink {
    private TrendPageLink() {}

    static URI of(String queryUrl, String token) {
        return URI.create(queryUrl + "/ui/#token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
    }

    /**
     * Opens {@code page} in the desktop's browser when there is one. Never fails: a server, a
     * container or an SSH session simply has none, and the printed link is enough.
     *
     * @return whether a browser was asked to open it
     */
    static boolean open(URI page) {
        try {
            if (GraphicsEnvironment.isHeadless() || !Desktop.isDesktopSupported()
                    || !Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                return false;
            }
            Desktop.getDesktop().browse(page);
            return true;
        } catch (Exception | LinkageError noBrowser) {
            return false;
        }
    }
}
