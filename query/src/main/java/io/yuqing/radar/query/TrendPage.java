package io.yuqing.radar.query;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.util.Map;

/**
 * The trend page (趋势页): static files under {@code io/yuqing/radar/query/ui} on the classpath,
 * served at {@value #PATH}, and ECharts from its webjar at {@code /webjars/echarts/<version>/}.
 * Nothing is built or downloaded at run time: the page is plain HTML, CSS and JavaScript that calls
 * the API with the token it keeps in sessionStorage.
 */
final class TrendPage {
    static final String PATH = "/ui";
    static final String CLASSPATH_DIR = "/io/yuqing/radar/query/ui";
    /**
     * Scripts only from this service (the page's own and the webjar's), data only from its API.
     * Inline styles are allowed because ECharts positions its tooltips with them.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; connect-src 'self';"
            + " style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none';"
            + " frame-ancestors 'none'";

    private TrendPage() {}

    static void serve(JavalinConfig cfg) {
        cfg.staticFiles.add(sf -> {
            sf.hostedPath = PATH;
            sf.directory = CLASSPATH_DIR;
            sf.location = Location.CLASSPATH;
            // small files, changed with each release: always revalidate rather than run a stale script
            sf.headers = Map.of("Cache-Control", "no-cache", "Content-Security-Policy", CONTENT_SECURITY_POLICY,
                    "X-Content-Type-Options", "nosniff");
        });
        cfg.staticFiles.enableWebjars();
    }
}
