package io.yuqing.radar.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.yuqing.radar.schemas.AuditRecord;
import io.yuqing.radar.schemas.EnrichedPost;
import io.yuqing.radar.schemas.Json;
import io.yuqing.radar.schemas.Settings;
import io.yuqing.radar.schemas.TopicSnapshot;
import org.apache.hadoop.hbase.client.Connection;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The read-only REST service over HBase {@code posts} and {@code topic_trend}, and Elasticsearch
 * {@code posts-*}, {@code topics-*} and {@code alerts-*}.
 * Endpoints and their error responses are described in {@code openapi.json} (served at
 * {@code GET /openapi.json}).
 *
 * <p>The service is handed clients its caller built and owns: the caller decides how they reach
 * their servers (TLS, credentials, a compatibility layer in the local stack) and closes them
 * after {@link #stop()}.
 */
public final class QueryService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(QueryService.class);
    /** The request attribute holding the caller's {@link Principal}, set before any route runs. */
    static final String PRINCIPAL = "yuqing.principal";
    private static final String STARTED = "yuqing.started";
    private static final String RESULT_ITEMS = "yuqing.result-items";
    private static final Set<String> PUBLIC_PATHS = Set.of("/", "/health", "/ready", "/openapi.json");
    /**
     * The trend page's static files and the charting library's webjar are public: they hold no
     * data, and a browser cannot send a header when it loads them. Every API call the page makes
     * carries the token.
     */
    private static final List<String> PUBLIC_PREFIXES = List.of(TrendPage.PATH + "/", "/webjars/");
    /** Row keys are ids; anything longer is not an id and must not reach HBase. */
    static final int MAX_ID_CHARS = 256;
    /** The longest trend series a topic detail returns: one day of one-minute windows. */
    static final int MAX_TREND_POINTS = 1440;
    /** A topic rarely has more than a handful of reports; this bounds a runaway one. */
    static final int MAX_TOPIC_ALERTS = 50;

    private final QueryConfig config;
    private final PostStore store;
    private final PostSearch search;
    private final TopicReads.HotTopics hotTopics;
    private final TopicReads.TopicHistory topicHistory;
    private final TopicReads.AlertSearch alerts;
    private final TopicReads.CurrentLevels levels;
    private final TopicReads.ReportSource reports;
    private final List<ReadinessCheck> readinessChecks;
    private final TokenDirectory tokens;
    private final AuditLog audit;
    private final byte[] openApi;
    /** The case ledger's routes; null: not served (a deployment without the cases job). */
    private final CaseRoutes cases;

    private Javalin app;
    private ExecutorService readinessExecutor;

    /**
     * @param hbase connection to the cluster holding table {@code config.postsTable()}
     * @param es    client for the cluster holding {@code config.postsIndexPattern()}
     */
    public QueryService(QueryConfig config, Connection hbase, ElasticsearchClient es) {
        this(config, Backends.of(Objects.requireNonNull(config, "config"), hbase, es));
    }

    /**
     * What production runs: the configuration, the tokens ({@code query.tokens-file}, or the single
     * {@code query.api-token}) and the audit ({@code kafka.topic.audit}, {@code es.index.audit})
     * from {@code settings}, and the case routes over {@code cases} (its producer belongs to the
     * caller; the audit's Kafka producer is the service's own and closes with it).
     *
     * @see CaseDesk#of
     */
    public QueryService(Settings settings, Connection hbase, ElasticsearchClient es, CaseDesk cases) {
        this(QueryConfig.from(settings), Backends.of(QueryConfig.from(settings), hbase, es), cases, tokens(settings),
                audit(settings, es));
    }

    /** For tests: every route over any backends, the config's single token, no audit, no case routes. */
    QueryService(QueryConfig config, Backends backends) {
        this(config, backends, null);
    }

    /** For tests: every route over any backends, the case routes over {@code cases} (null: none). */
    QueryService(QueryConfig config, Backends backends, CaseDesk cases) {
        this(config, backends, cases, TokenDirectory.single(config.apiToken()), AuditLog.NONE);
    }

    /** For tests: every route over any backends, with these tokens and this audit. */
    QueryService(QueryConfig config, Backends backends, TokenDirectory tokens, AuditLog audit) {
        this(config, backends, null, tokens, audit);
    }

    private QueryService(QueryConfig config, Backends backends, CaseDesk cases, TokenDirectory tokens, AuditLog audit) {
        this.config = Objects.requireNonNull(config, "config");
        this.store = Objects.requireNonNull(backends.store(), "store");
        this.search = Objects.requireNonNull(backends.search(), "search");
        this.hotTopics = Objects.requireNonNull(backends.hotTopics(), "hotTopics");
        this.topicHistory = Objects.requireNonNull(backends.topicHistory(), "topicHistory");
        this.alerts = Objects.requireNonNull(backends.alerts(), "alerts");
        this.levels = Objects.requireNonNull(backends.levels(), "levels");
        this.reports = Objects.requireNonNull(backends.reports(), "reports");
        this.readinessChecks = List.copyOf(backends.readinessChecks());
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.openApi = OpenApiDocument.load();
        this.cases = cases == null ? null : new CaseRoutes(cases, java.time.Clock.systemUTC());
    }

    /** For tests: the post routes over any store and search; topics and alerts are empty. */
    QueryService(QueryConfig config, PostStore store, PostSearch search, List<ReadinessCheck> readinessChecks) {
        this(config, store, search, p -> List.of(), (id, limit) -> List.of(),
                p -> new TopicReads.AlertPage(0, p.page(), p.size(), List.of()), readinessChecks);
    }

    /** For tests: the topic and alert routes over any backends; no levels, empty reports. */
    QueryService(QueryConfig config, PostStore store, PostSearch search, TopicReads.HotTopics hotTopics,
                 TopicReads.TopicHistory topicHistory, TopicReads.AlertSearch alerts,
                 List<ReadinessCheck> readinessChecks) {
        this(config, new Backends(store, search, hotTopics, topicHistory, alerts, ids -> Map.of(),
                (period, minHeat) -> new ReportInputs(List.of(), List.of(), false), readinessChecks));
    }

    /** Binds {@code config.host():config.port()} and serves until {@link #stop()}. */
    public synchronized QueryService start() {
        if (app != null) {
            throw new IllegalStateException("already started");
        }
        readinessExecutor = Executors.newCachedThreadPool(daemonThreads("yuqing-query-ready"));
        Readiness readiness = new Readiness(readinessChecks, config.readyTimeout(), readinessExecutor);
        Javalin a = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.startupWatcherEnabled = false;
            cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
            cfg.http.defaultContentType = "application/json";
            cfg.requestLogger.http((ctx, ms) -> {
                logRequest(ctx, ms);
                audit(ctx, ms);
            });
            TrendPage.serve(cfg);
            // Requests Jetty rejects before Javalin sees them (bad URIs, oversized headers) get
            // Jetty's own error page; keep stack traces out of it.
            cfg.jetty.modifyServer(server -> {
                ErrorHandler errors = new ErrorHandler();
                errors.setShowStacks(false);
                errors.setShowServlet(false);
                errors.setShowMessageInTitle(false);
                server.setErrorHandler(errors);
            });
        });
        routes(a, readiness);
        try {
            a.start(config.host(), config.port());
        } catch (RuntimeException e) {
            readinessExecutor.shutdownNow();
            throw e;
        }
        app = a;
        LOG.info("query service listening on {}:{} ({})", config.host(), a.port(), config);
        return this;
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        if (app == null) {
            throw new IllegalStateException("not started");
        }
        return app.port();
    }

    /** Stops serving and closes the audit. The HBase and ES clients stay open: they belong to the caller. */
    public synchronized void stop() {
        if (app != null) {
            app.stop();
            app = null;
            readinessExecutor.shutdownNow();
        }
        audit.close();
    }

    private static TokenDirectory tokens(Settings s) {
        String file = s.optional("query.tokens-file");
        return file == null ? TokenDirectory.single(s.optional("query.api-token"))
                : TokenDirectory.fromFile(Path.of(file.strip()), s.getDuration("query.tokens-reload"), Clock.systemUTC());
    }

    private static AuditLog audit(Settings s, ElasticsearchClient es) {
        AuditConfig c = AuditConfig.from(s);
        if (!c.enabled()) {
            LOG.warn("query.audit=false: reads of posts, writes and exports are not recorded");
            return AuditLog.NONE;
        }
        return new KafkaEsAuditLog(c, es);
    }

    @Override
    public void close() {
        stop();
    }

    private void routes(Javalin a, Readiness readiness) {
        a.before(ctx -> {
            ctx.attribute(STARTED, Instant.now());
            if (PUBLIC_PATHS.contains(ctx.path()) || PUBLIC_PREFIXES.stream().anyMatch(ctx.path()::startsWith)) {
                return;
            }
            Principal who = tokens.authenticate(ctx.header(TokenAuth.AUTHORIZATION), ctx.header(TokenAuth.API_TOKEN_HEADER))
                    .orElse(null);
            if (who == null) {
                ctx.header("WWW-Authenticate", "Bearer");
                throw new ApiException(401, "unauthorized",
                        "send the API token as 'Authorization: Bearer <token>' or 'X-Api-Token: <token>'");
            }
            ctx.attribute(PRINCIPAL, who);
            // decided by method and path before any route runs: a route added later is covered
            Access access = Access.of(ctx.method().name(), ctx.path());
            if (!who.role().permits(access)) {
                throw new ApiException(403, "forbidden", "role " + who.role().wireName() + " may not "
                        + access.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " (README: Roles and audit)");
            }
        });

        a.get("/", ctx -> ctx.redirect(TrendPage.PATH + "/"));
        a.get("/health", ctx -> ctx.json(Map.of("status", "up")));
        a.get("/ready", ctx -> ready(ctx, readiness.run()));
        a.get("/openapi.json", ctx -> ctx.contentType("application/json").result(openApi));

        // registered before /{id} so "search" is never taken for a post id
        a.get("/api/v1/posts/search", ctx -> {
            SearchPage page = search.search(SearchParams.parse(ctx::queryParam));
            ctx.attribute(RESULT_ITEMS, page.items().size());
            ctx.json(page);
        });
        a.get("/api/v1/posts/{id}", ctx -> {
            EnrichedPost p = post(ctx.pathParam("id"));
            ctx.attribute(RESULT_ITEMS, 1);
            ctx.json(p);
        });
        // registered before /{id} so "hot" is never taken for a topic id
        a.get("/api/v1/topics/hot", ctx -> {
            HotTopicsParams p = HotTopicsParams.parse(ctx::queryParam);
            List<TopicSnapshot> items = hotTopics.hot(p);
            ctx.json(new TopicReads.HotTopicsPage(p.hours(), p.size(), items,
                    levels.of(items.stream().map(TopicSnapshot::topicId).toList())));
        });
        a.get("/api/v1/topics/{id}", ctx -> ctx.json(topic(ctx.pathParam("id"))));
        a.get("/api/v1/alerts", ctx -> ctx.json(alerts.search(AlertParams.parse(ctx::queryParam))));
        // the case routes first: /api/v1/reports/monthly is theirs, not a {kind} of the topic reports
        if (cases != null) {
            cases.register(a);
        }
        a.get("/api/v1/reports/{kind}", this::report);

        a.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
        // Javalin's own: unknown endpoint (404), wrong method (405), ...
        a.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(new ApiError(e.getStatus() == 404 ? "not_found" : "http_" + e.getStatus(), e.getMessage())));
        a.exception(IOException.class, (e, ctx) -> {
            LOG.warn("{} {}: backend unavailable", ctx.method(), ctx.path(), e);
            error(ctx, ApiException.unavailable("a storage backend did not answer; retry later"));
        });
        a.exception(ElasticsearchException.class, (e, ctx) -> {
            LOG.warn("{} {}: elasticsearch error {}", ctx.method(), ctx.path(), e.status(), e);
            error(ctx, e.status() >= 500
                    ? ApiException.unavailable("the search backend could not answer; retry later")
                    : new ApiException(500, "internal", "the search backend rejected the query"));
        });
        a.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {}: unexpected error", ctx.method(), ctx.path(), e);
            error(ctx, new ApiException(500, "internal", "internal error"));
        });
    }

    private EnrichedPost post(String id) throws IOException {
        if (id.length() > MAX_ID_CHARS) {
            throw ApiException.badParameter("id must be at most " + MAX_ID_CHARS + " characters");
        }
        return store.get(id).orElseThrow(() -> ApiException.notFound("no post with id '" + id + "'"));
    }

    private TopicReads.TopicDetail topic(String id) throws IOException {
        if (id.length() > MAX_ID_CHARS) {
            throw ApiException.badParameter("id must be at most " + MAX_ID_CHARS + " characters");
        }
        if (id.indexOf('|') >= 0) {
            // '|' separates the row key's parts; topic ids never contain it
            throw ApiException.badParameter("id must not contain '|'");
        }
        List<TopicSnapshot> history = topicHistory.history(id, MAX_TREND_POINTS);
        if (history.isEmpty()) {
            throw ApiException.notFound("no topic with id '" + id + "'");
        }
        return TopicReads.TopicDetail.of(history, alerts.search(AlertParams.ofTopic(id, MAX_TOPIC_ALERTS)).items());
    }

    private void report(Context ctx) throws IOException {
        ReportPeriod.Kind kind = ReportPeriod.Kind.parse(ctx.pathParam("kind"));
        String format = ctx.queryParam("format");
        boolean html = "html".equals(format);
        if (format != null && !html && !"json".equals(format)) {
            throw ApiException.badParameter("format must be json or html");
        }
        Instant now = Instant.now();
        ReportPeriod period = ReportPeriod.parse(kind, ctx::queryParam, now);
        Report report = ReportBuilder.build(period, reports.read(period, config.reportMinHeat()),
                config.reportMinHeat(), now);
        if (html) {
            // the page has no script and needs none: a browser refuses any that data smuggled in
            ctx.header("Content-Security-Policy", ReportHtml.CONTENT_SECURITY_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .contentType("text/html; charset=utf-8").result(ReportHtml.render(report));
        } else {
            ctx.json(report);
        }
    }

    private static void ready(Context ctx, Readiness.Report report) {
        if (report.ready()) {
            ctx.json(Map.of("status", "ready", "checks", report.checks()));
            return;
        }
        StringBuilder detail = new StringBuilder();
        report.checks().forEach((name, outcome) -> {
            if (!Readiness.UP.equals(outcome)) {
                detail.append(detail.length() == 0 ? "" : "; ").append(name).append(": ").append(outcome);
            }
        });
        ctx.status(503).json(Map.of("status", "not_ready", "error", "unavailable",
                "detail", detail.toString(), "checks", report.checks()));
    }

    private static void error(Context ctx, ApiException e) {
        ctx.status(e.status()).json(e.body());
    }

    /**
     * One audit record for a request that reads posts, writes or exports, permitted or refused
     * (401s have no token to name and are not recorded; the request log has them).
     */
    private void audit(Context ctx, Float ms) {
        Principal who = ctx.attribute(PRINCIPAL);
        if (who == null) {
            return;
        }
        Access access = Access.of(ctx.method().name(), ctx.path());
        if (!access.audited()) {
            return;
        }
        Map<String, String> parameters = new TreeMap<>();
        ctx.queryParamMap().forEach((k, v) -> parameters.put(k, String.join(",", v)));
        try {
            parameters.putAll(ctx.pathParamMap());
        } catch (RuntimeException e) {
            // no route matched (404, 403 before routing): there are no path parameters
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            // refused before routing: Javalin only knows the before-handler's path
            route = null;
        }
        Instant started = ctx.attribute(STARTED);
        String length = ctx.res().getHeader("Content-Length");
        Integer items = ctx.statusCode() < 300 ? ctx.attribute(RESULT_ITEMS) : null;
        try {
            audit.record(new AuditRecord(UUID.randomUUID().toString(), started == null ? Instant.now() : started,
                    who.tokenId(), who.role().wireName(), who.unit(), access.name().toLowerCase(Locale.ROOT),
                    ctx.method().name(), route == null || route.isEmpty() || "*".equals(route) ? ctx.path() : route,
                    ctx.path(), parameters, ctx.statusCode(), items,
                    length == null ? resultBytes(ctx) : Long.parseLong(length), Math.round(ms)));
        } catch (RuntimeException e) {
            LOG.error("audit of {} {} by {} failed", ctx.method(), ctx.path(), who.tokenId(), e);
        }
    }

    private static long resultBytes(Context ctx) {
        try {
            String r = ctx.result();
            return r == null ? 0 : r.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** Method, path, status and time only: headers (the token) and query strings stay out of logs. */
    private static void logRequest(Context ctx, Float ms) {
        LOG.info("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.statusCode(), Math.round(ms));
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
