package io.yuqing.radar.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.yuqing.radar.connectors.kafka.KafkaConnection;
import io.yuqing.radar.schemas.Settings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Renders the Helm chart in {@code helm/yuqing-radar} with the real helm (Go, bundled in the
 * helm-java artifact: no helm binary needed) and checks what Kubernetes and the Flink operator would
 * get: the four FlinkDeployments, the query service, the configuration and how credentials travel.
 */
class HelmChartTest {
    static final Path CHART = Path.of("..", "helm", "yuqing-radar").toAbsolutePath().normalize();
    static final Path PRODUCTION = CHART.resolve("values-production.yaml");
    static final YAMLMapper YAML = new YAMLMapper();
    static final Map<String, String> ENTRY_CLASSES = Map.of(
            "enrich", "io.yuqing.radar.jobs.enrich.EnrichJob",
            "topics", "io.yuqing.radar.jobs.topics.TopicsJob",
            "alerts", "io.yuqing.radar.jobs.alerts.AlertsJob",
            "cases", "io.yuqing.radar.jobs.cases.CasesJob");

    static Properties knownKeys;
    static JsonSchema flinkDeploymentSchema;

    @BeforeAll
    static void loadKnownKeys() throws IOException {
        knownKeys = new Properties();
        try (InputStream in = HelmChartTest.class.getClassLoader().getResourceAsStream("yuqing-defaults.properties")) {
            assertThat(in).as("yuqing-defaults.properties from the schemas module").isNotNull();
            knownKeys.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        flinkDeploymentSchema = flinkDeploymentSchema();
    }

    /**
     * The OpenAPI schema of FlinkDeployment v1beta1 from the operator's CRD (the newest operator-api
     * on Maven Central, 1.10.0), made as strict as the API server's field validation: an object
     * with declared properties takes no others (unknown fields are refused, not pruned). Its
     * FlinkVersion enum predates Flink 2, so v2_0..v2_2 are added; everything else is the CRD's.
     */
    static JsonSchema flinkDeploymentSchema() throws IOException {
        JsonNode crd;
        try (InputStream in = HelmChartTest.class.getClassLoader()
                .getResourceAsStream("META-INF/fabric8/flinkdeployments.flink.apache.org-v1.yml")) {
            assertThat(in).as("FlinkDeployment CRD from flink-kubernetes-operator-api").isNotNull();
            crd = YAML.readTree(in);
        }
        JsonNode schema = null;
        for (JsonNode v : crd.at("/spec/versions")) {
            if (v.at("/name").asText().equals("v1beta1")) {
                // the spec: apiVersion, kind and metadata are the API server's, not the CRD's
                schema = v.at("/schema/openAPIV3Schema/properties/spec").deepCopy();
            }
        }
        assertThat(schema).as("v1beta1 in the CRD").isNotNull();
        strict(schema);
        ArrayNode versions = (ArrayNode) schema.at("/properties/flinkVersion/enum");
        assertThat(versions.toString()).contains("v1_20");
        versions.add("v2_0").add("v2_1").add("v2_2");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
    }

    private static void strict(JsonNode node) {
        if (node instanceof ObjectNode o) {
            if (o.has("properties") && o.path("properties").isObject() && !o.has("additionalProperties")
                    && !o.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
                o.put("additionalProperties", false);
            }
            o.forEach(HelmChartTest::strict);
        } else if (node instanceof ArrayNode a) {
            a.forEach(HelmChartTest::strict);
        }
    }

    // ------------------------------------------------------------------------------------------

    @Test
    void lintPassesStrict() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as("helm lint --strict: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderThreeFlinkJobsInApplicationModeWithSavepointUpgrades() {
        Manifests m = render(t -> {});
        List<JsonNode> flink = m.all("FlinkDeployment");
        assertThat(flink).extracting(d -> d.at("/metadata/name").asText())
                .containsExactly("radar-yuqing-radar-enrich", "radar-yuqing-radar-topics", "radar-yuqing-radar-alerts",
                        "radar-yuqing-radar-cases");
        for (String job : List.of("enrich", "topics", "alerts", "cases")) {
            JsonNode d = m.named("FlinkDeployment", "radar-yuqing-radar-" + job);
            assertThat(d.at("/apiVersion").asText()).isEqualTo("flink.apache.org/v1beta1");
            assertThat(d.at("/spec/image").asText()).isEqualTo("yuqing-radar/jobs:0.1.0");
            assertThat(d.at("/spec/flinkVersion").asText()).isEqualTo("v2_2");
            assertThat(d.at("/spec/mode").asText()).isEqualTo("native");
            JsonNode spec = d.at("/spec/job");
            assertThat(spec.at("/jarURI").asText()).isEqualTo("local:///opt/flink/usrlib/yuqing-jobs.jar");
            assertThat(spec.at("/entryClass").asText()).isEqualTo(ENTRY_CLASSES.get(job));
            assertThat(strings(spec.at("/args"))).containsExactly("--config", "/opt/yuqing/config/radar.properties");
            assertThat(spec.at("/upgradeMode").asText()).isEqualTo("savepoint");
            assertThat(spec.at("/state").asText()).isEqualTo("running");
            assertThat(spec.at("/parallelism").isInt()).isTrue();

            JsonNode conf = d.at("/spec/flinkConfiguration");
            assertThat(conf.at("/state.backend.type").asText()).isEqualTo("rocksdb");
            assertThat(conf.at("/execution.checkpointing.incremental").asText()).isEqualTo("true");
            assertThat(conf.at("/execution.checkpointing.dir").asText()).isEqualTo("file:///flink-data/checkpoints/" + job);
            assertThat(conf.at("/execution.checkpointing.savepoint-dir").asText()).isEqualTo("file:///flink-data/savepoints/" + job);
            assertThat(conf.at("/state.savepoints.dir").asText()).isEqualTo("file:///flink-data/savepoints/" + job);
            assertThat(conf.at("/execution.checkpointing.interval").asText()).isEqualTo("30s");
            assertThat(conf.at("/restart-strategy.type").asText()).isEqualTo("exponential-delay");
            assertThat(conf.at("/metrics.reporter.prom.factory.class").asText())
                    .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
            assertThat(conf.at("/metrics.reporter.prom.port").asText()).isEqualTo("9249");
            assertThat(conf.at("/env.java.opts.all").asText()).contains("--add-opens=java.base/java.util=ALL-UNNAMED");
            assertThat(conf.has("high-availability.type")).as("HA is off by default").isFalse();
            // every value of flinkConfiguration must be a string for the CRD (map<string,string>)
            conf.fields().forEachRemaining(e -> assertThat(e.getValue().isTextual()).as(e.getKey()).isTrue());

            JsonNode pod = d.at("/spec/podTemplate");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1scrape").asText()).isEqualTo("true");
            assertThat(pod.at("/metadata/annotations/prometheus.io~1port").asText()).isEqualTo("9249");
            JsonNode container = pod.at("/spec/containers/0");
            assertThat(container.at("/name").asText()).isEqualTo("flink-main-container");
            assertThat(env(container)).containsEntry("YUQING_CONFIG", "/opt/yuqing/config/radar.properties");
            assertThat(mountPaths(container)).contains("/opt/yuqing/config", "/flink-data");
            assertThat(pod.at("/spec/volumes").findValuesAsText("name")).contains("yuqing-config", "radar-yuqing-radar-config");

            assertThat(d.at("/spec/jobManager/replicas").asInt()).isEqualTo(1);
            assertThat(d.at("/spec/jobManager/resource/memory").asText()).isNotBlank();
            assertThat(d.at("/spec/taskManager/resource/cpu").isNumber()).isTrue();
        }
    }

    @Test
    void flinkDeploymentsMatchTheOperatorsCrd() {
        for (Manifests m : List.of(render(t -> {}), render(t -> t.withValuesFile(PRODUCTION)))) {
            assertThat(m.all("FlinkDeployment")).hasSize(4);
            for (JsonNode d : m.all("FlinkDeployment")) {
                Set<ValidationMessage> errors = flinkDeploymentSchema.validate(d.at("/spec"));
                assertThat(errors).as("%s against the FlinkDeployment CRD", d.at("/metadata/name").asText()).isEmpty();
            }
        }
        // and the check has teeth: a misspelt field or a wrong type is caught
        JsonNode bad = render(t -> {}).all("FlinkDeployment").get(0).deepCopy();
        ((ObjectNode) bad.at("/spec/job")).put("jarUri", "local:///x.jar");
        ((ObjectNode) bad.at("/spec/taskManager/resource")).put("cpu", "two");
        assertThat(flinkDeploymentSchema.validate(bad.at("/spec"))).extracting(ValidationMessage::getMessage)
                .anySatisfy(msg -> assertThat(msg).contains("jarUri"))
                .anySatisfy(msg -> assertThat(msg).contains("cpu"));
    }

    @Test
    void defaultsRenderTheQueryServiceWithProbesServiceAndAutoscaler() {
        Manifests m = render(t -> {});
        JsonNode deployment = m.named("Deployment", "radar-yuqing-radar-query");
        JsonNode c = deployment.at("/spec/template/spec/containers/0");
        assertThat(c.at("/image").asText()).isEqualTo("yuqing-radar/query:0.1.0");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health");
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/ready");
        assertThat(c.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
        assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
        assertThat(c.at("/resources/requests/cpu").asText()).isEqualTo("250m");
        assertThat(c.at("/resources/limits/memory").asText()).isEqualTo("1Gi");
        assertThat(deployment.at("/spec/replicas").isMissingNode()).as("the HPA owns the replica count").isTrue();
        assertThat(secretRef(c, "YUQING_QUERY_API_TOKEN")).isEqualTo("radar-yuqing-radar-credentials/api-token");

        JsonNode service = m.named("Service", "radar-yuqing-radar-query");
        assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
        assertThat(service.at("/spec/selector")).isEqualTo(deployment.at("/spec/selector/matchLabels"));

        JsonNode hpa = m.named("HorizontalPodAutoscaler", "radar-yuqing-radar-query");
        assertThat(hpa.at("/apiVersion").asText()).isEqualTo("autoscaling/v2");
        assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo("radar-yuqing-radar-query");
        assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(2);
        assertThat(hpa.at("/spec/metrics/0/resource/target/averageUtilization").asInt()).isEqualTo(70);

        JsonNode pdb = m.named("PodDisruptionBudget", "radar-yuqing-radar-query");
        assertThat(pdb.at("/spec/minAvailable").asInt()).isEqualTo(1);
        assertThat(pdb.at("/spec/selector/matchLabels")).isEqualTo(deployment.at("/spec/selector/matchLabels"));
        assertThat(m.all("PodMonitor")).as("only on request: needs the Prometheus Operator's CRDs").isEmpty();

        // no token given: one is generated into the chart's Secret
        JsonNode secret = m.named("Secret", "radar-yuqing-radar-credentials");
        assertThat(decode(secret, "api-token")).hasSize(40);
    }

    /**
     * Roles and the notifier from values: the tokens and the channels land in the ConfigMap, which
     * the pods mount as a directory (so an edited tokens file reaches the running query pods), and
     * radar.properties points at them; the notifier is one replica of the jobs image.
     */
    @Test
    void tokensWithRolesAndTheNotifiersChannelsComeFromValues(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path values = dir.resolve("roles-notifier.yaml");
        java.nio.file.Files.writeString(values, """
                query:
                  tokens:
                    - {id: duty-desk-01, sha256: "%s", role: dispatcher, unit: 市委网信办}
                    - {id: yanpan-01, sha256: "%s", role: analyst, unit: 市委网信办}
                notifier:
                  channels:
                    channels:
                      duty-wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${YUQING_WECOM_KEY}"}
                    routes:
                      - {levels: [orange, red], channels: [duty-wecom]}
                  smtp: {host: smtp.example.gov.cn, port: 465, from: yuqing-radar@example.gov.cn, starttls: true, existingSecret: yuqing-smtp}
                  env:
                    - name: YUQING_WECOM_KEY
                      valueFrom: {secretKeyRef: {name: yuqing-robots, key: wecom-duty}}
                """.formatted("a".repeat(64), "b".repeat(64)), java.nio.charset.StandardCharsets.UTF_8);
        Manifests m = render(t -> t.withValuesFile(values));
        Properties p = radarProperties(m);
        assertThat(p).containsEntry("query.tokens-file", "/opt/yuqing/config/tokens.yaml")
                .containsEntry("query.tokens-reload", "PT30S")
                .containsEntry("notify.channels-file", "/opt/yuqing/config/notify-channels.yaml")
                .containsEntry("notify.smtp.host", "smtp.example.gov.cn")
                .containsEntry("notify.smtp.port", "465")
                .containsEntry("notify.smtp.starttls", "true");
        assertThat(p.stringPropertyNames()).isSubsetOf(knownKeys.stringPropertyNames());
        JsonNode cm = m.named("ConfigMap", "radar-yuqing-radar-config");
        assertThat(cm.at("/data/tokens.yaml").asText()).contains("id: yanpan-01", "role: analyst", "b".repeat(64));
        assertThat(cm.at("/data/notify-channels.yaml").asText()).contains("duty-wecom", "${YUQING_WECOM_KEY}");

        JsonNode notifier = m.named("Deployment", "radar-yuqing-radar-notifier");
        assertThat(notifier.at("/spec/replicas").asInt()).isEqualTo(1);
        assertThat(notifier.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        JsonNode c = notifier.at("/spec/template/spec/containers/0");
        assertThat(c.at("/image").asText()).isEqualTo("yuqing-radar/jobs:0.1.0");
        assertThat(c.at("/command/2").asText()).contains("io.yuqing.radar.jobs.notify.NotifyJob",
                "/opt/flink/usrlib/yuqing-jobs.jar");
        assertThat(secretRef(c, "YUQING_NOTIFY_SMTP_PASSWORD")).isEqualTo("yuqing-smtp/smtp-password");
        assertThat(secretRef(c, "YUQING_WECOM_KEY")).isEqualTo("yuqing-robots/wecom-duty");
        assertThat(c.at("/volumeMounts/0/subPath").isMissingNode()).as("mounted as a directory: updates reach the pod").isTrue();
        JsonNode query = m.named("Deployment", "radar-yuqing-radar-query").at("/spec/template/spec/containers/0");
        assertThat(query.at("/volumeMounts/0/mountPath").asText()).isEqualTo("/opt/yuqing/config");
        assertThat(query.at("/volumeMounts/0/subPath").isMissingNode()).isTrue();
    }

    @Test
    void configMapCarriesRadarPropertiesWithOnlyKeysTheCodeKnows() {
        Manifests m = render(t -> t
                .set("kafka.bootstrap", "broker-a:9092,broker-b:9092")
                .set("config.topics\\.z-threshold", "5")
                .set("userDictionary", "某某新区 ns 2000")
                .set("judgementLexicon", "[category.livelihood]\n某某新区拆迁:3")
                .set("caseDeadlines.levels.red.acknowledge", "PT10M")
                .set("caseDeadlines.levels.red.escalation-unit", "市委宣传部值班室"));
        Properties p = radarProperties(m);
        assertThat(p).containsEntry("kafka.bootstrap", "broker-a:9092,broker-b:9092")
                .containsEntry("kafka.topic.raw", "yuqing.posts.raw")
                .containsEntry("kafka.topic.alerts-control", "yuqing.alerts.control")
                .containsEntry("kafka.topic.cases-events", "yuqing.cases.events")
                .containsEntry("kafka.topic.cases-reminders", "yuqing.cases.reminders")
                .containsEntry("hbase.table.cases", "cases")
                .containsEntry("es.index.cases", "cases")
                .containsEntry("cases.deadlines-file", "/opt/yuqing/config/case-deadlines.yaml")
                .containsEntry("kafka.delivery", "exactly_once")
                .containsEntry("hbase.zookeeper", "zookeeper:2181")
                .containsEntry("es.urls", "http://elasticsearch:9200")
                .containsEntry("es.index.posts", "posts")
                .containsEntry("flink.checkpoint-interval", "PT30S")
                .containsEntry("query.host", "0.0.0.0")
                .containsEntry("query.port", "8080")
                .containsEntry("topics.z-threshold", "5")
                .containsEntry("enrich.user-dictionary", "/opt/yuqing/config/user-dictionary.txt")
                .containsEntry("topics.judgement-lexicon", "/opt/yuqing/config/judgement-lexicon.txt");
        assertThat(p.stringPropertyNames()).as("an unknown key stops the jobs at start (Settings)")
                .isSubsetOf(knownKeys.stringPropertyNames());
        JsonNode cm = m.named("ConfigMap", "radar-yuqing-radar-config");
        assertThat(cm.at("/data/user-dictionary.txt").asText()).contains("某某新区 ns 2000");
        assertThat(cm.at("/data/judgement-lexicon.txt").asText()).contains("[category.livelihood]", "某某新区拆迁:3");
        assertThat(cm.at("/data/alert-rules.yaml").isMissingNode()).isTrue();
        // the rendered case deadlines are what the cases job loads (and validates) at start
        String deadlines = cm.at("/data/case-deadlines.yaml").asText();
        try {
            Path f = Files.createTempFile("case-deadlines", ".yaml");
            Files.writeString(f, deadlines);
            io.yuqing.radar.jobs.cases.CaseDeadlines loaded = io.yuqing.radar.jobs.cases.CaseDeadlines.load(f);
            Files.delete(f);
            assertThat(loaded.level(io.yuqing.radar.schemas.RiskLevel.RED).acknowledge()).isEqualTo(java.time.Duration.ofMinutes(10));
            assertThat(loaded.level(io.yuqing.radar.schemas.RiskLevel.RED).escalationUnit()).isEqualTo("市委宣传部值班室");
            assertThat(loaded.level(io.yuqing.radar.schemas.RiskLevel.RED).respond()).isEqualTo(java.time.Duration.ofHours(12));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSentimentModelIsMountedFromAVolumeInTheEnrichJobOnlyOrReadFromItsUri() {
        assertThat(radarProperties(render(t -> {}))).doesNotContainKey("enrich.sentiment-model");

        Manifests m = render(t -> t.set("sentimentModel.volume.persistentVolumeClaim.claimName", "yuqing-models")
                .set("sentimentModel.file", "sentiment-2026-12.model"));
        assertThat(radarProperties(m)).containsEntry("enrich.sentiment-model", "/opt/yuqing/models/sentiment-2026-12.model");
        JsonNode enrich = m.named("FlinkDeployment", "radar-yuqing-radar-enrich").at("/spec/podTemplate/spec");
        assertThat(mountPaths(enrich.at("/containers/0"))).contains("/opt/yuqing/models");
        assertThat(enrich.at("/volumes").toString()).contains("\"name\":\"yuqing-models\"", "\"claimName\":\"yuqing-models\"");
        JsonNode topics = m.named("FlinkDeployment", "radar-yuqing-radar-topics").at("/spec/podTemplate/spec");
        assertThat(mountPaths(topics.at("/containers/0"))).doesNotContain("/opt/yuqing/models");
        assertThat(topics.at("/volumes").toString()).doesNotContain("yuqing-models");

        Manifests uri = render(t -> t.set("sentimentModel.uri", "s3://yuqing-models/sentiment-2026-12.model"));
        assertThat(radarProperties(uri)).containsEntry("enrich.sentiment-model", "s3://yuqing-models/sentiment-2026-12.model");
        assertThat(uri.named("FlinkDeployment", "radar-yuqing-radar-enrich").at("/spec/podTemplate/spec/volumes").toString())
                .doesNotContain("yuqing-models");
        assertRenderFails(t -> t.set("sentimentModel.path", "/models/x"), "sentimentModel");
    }

    @Test
    void productionValuesTurnOnHaS3CheckpointsTlsAndReferenceExistingSecrets() {
        Manifests m = render(t -> t.withValuesFile(PRODUCTION));
        JsonNode enrich = m.named("FlinkDeployment", "radar-yuqing-radar-enrich");
        JsonNode conf = enrich.at("/spec/flinkConfiguration");
        assertThat(conf.at("/high-availability.type").asText()).isEqualTo("kubernetes");
        assertThat(conf.at("/high-availability.storageDir").asText()).isEqualTo("s3://yuqing-flink-state/prod/ha/enrich");
        assertThat(conf.at("/execution.checkpointing.dir").asText()).isEqualTo("s3://yuqing-flink-state/prod/checkpoints/enrich");
        assertThat(conf.at("/execution.checkpointing.savepoint-dir").asText()).isEqualTo("s3://yuqing-flink-state/prod/savepoints/enrich");
        assertThat(conf.at("/execution.checkpointing.interval").asText()).isEqualTo("60s");
        assertThat(conf.at("/state.backend.type").asText()).isEqualTo("rocksdb");
        assertThat(conf.at("/execution.checkpointing.incremental").asText()).isEqualTo("true");
        assertThat(enrich.at("/spec/jobManager/replicas").asInt()).isEqualTo(2);
        assertThat(enrich.at("/spec/taskManager/replicas").asInt()).isEqualTo(3);
        assertThat(enrich.at("/spec/job/parallelism").asInt()).isEqualTo(6);
        assertThat(enrich.at("/spec/job/upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(enrich.at("/spec/image").asText()).isEqualTo("registry.example.com/yuqing-radar/jobs:0.1.0");
        assertThat(m.named("FlinkDeployment", "radar-yuqing-radar-alerts").at("/spec/flinkConfiguration/high-availability.storageDir").asText())
                .isEqualTo("s3://yuqing-flink-state/prod/ha/alerts");

        JsonNode flinkContainer = enrich.at("/spec/podTemplate/spec/containers/0");
        assertThat(secretRef(flinkContainer, "YUQING_ES_USERNAME")).isEqualTo("yuqing-es-credentials/username");
        assertThat(secretRef(flinkContainer, "YUQING_ES_PASSWORD")).isEqualTo("yuqing-es-credentials/password");
        assertThat(secretRef(flinkContainer, "YUQING_KAFKA_SASL_USERNAME")).isEqualTo("yuqing-kafka-sasl/username");
        assertThat(secretRef(flinkContainer, "YUQING_KAFKA_SASL_PASSWORD")).isEqualTo("yuqing-kafka-sasl/password");
        assertThat(secretRef(flinkContainer, "AWS_SECRET_ACCESS_KEY")).isEqualTo("yuqing-flink-s3/AWS_SECRET_ACCESS_KEY");
        assertThat(secretRef(flinkContainer, "YUQING_TRUSTSTORE_PASSWORD")).isEqualTo("yuqing-truststore/password");
        assertThat(env(flinkContainer)).containsEntry("YUQING_KAFKA_SECURITY_PROTOCOL", "SASL_SSL")
                .containsEntry("YUQING_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512");
        assertThat(kafkaAsTheJobsSeeIt(flinkContainer, radarProperties(m)).properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .hasEntrySatisfying("sasl.jaas.config", jaas -> assertThat(jaas).startsWith(
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"secret:yuqing-kafka-sasl/username\""));
        assertThat(env(flinkContainer).get("JAVA_TOOL_OPTIONS"))
                .contains("-Djavax.net.ssl.trustStore=/opt/yuqing/tls/truststore.p12")
                .contains("-Djavax.net.ssl.trustStorePassword=$(YUQING_TRUSTSTORE_PASSWORD)");
        assertThat(mountPaths(flinkContainer)).contains("/opt/yuqing/config", "/opt/yuqing/tls").doesNotContain("/flink-data");

        JsonNode query = m.named("Deployment", "radar-yuqing-radar-query").at("/spec/template/spec/containers/0");
        assertThat(secretRef(query, "YUQING_QUERY_API_TOKEN")).isEqualTo("yuqing-query-token/api-token");
        assertThat(secretRef(query, "YUQING_ES_PASSWORD")).isEqualTo("yuqing-es-credentials/password");
        assertThat(m.named("HorizontalPodAutoscaler", "radar-yuqing-radar-query").at("/spec/minReplicas").asInt()).isEqualTo(3);

        // every credential comes from an existing Secret: the chart renders none of its own
        assertThat(m.all("Secret")).isEmpty();

        Properties p = radarProperties(m);
        assertThat(p).containsEntry("es.urls", "https://es-0.es.data:9200,https://es-1.es.data:9200,https://es-2.es.data:9200")
                .containsEntry("hbase.zookeeper", "zk-0.zk.data,zk-1.zk.data,zk-2.zk.data:2181")
                .containsEntry("enrich.future-tolerance", "PT5M")
                .containsEntry("flink.checkpoint-interval", "PT60S")
                .containsEntry("alerts.rules-file", "/opt/yuqing/config/alert-rules.yaml");
        assertThat(p.stringPropertyNames()).isSubsetOf(knownKeys.stringPropertyNames());
        JsonNode rules = yaml(m.named("ConfigMap", "radar-yuqing-radar-config").at("/data/alert-rules.yaml").asText());
        assertThat(rules.at("/watch-lists/0/id").asText()).isEqualTo("own-name");
        assertThat(strings(rules.at("/watch-lists/0/terms"))).contains("某某市卫健委");
    }

    @Test
    void inlineCredentialsGoToTheChartSecretNeverToTheConfigMapOrPodSpecs() {
        Manifests m = render(t -> t
                .set("elasticsearch.auth.username", "radar")
                .set("elasticsearch.auth.password", "es-pw-9f3k")
                .set("kafka.security.protocol", "SASL_SSL")
                .set("kafka.security.sasl.username", "radar-kafka")
                .set("kafka.security.sasl.password", "kafka-pw-7q2x")
                .set("query.apiToken.value", "token-x81"));
        JsonNode secret = m.named("Secret", "radar-yuqing-radar-credentials");
        assertThat(decode(secret, "es-password")).isEqualTo("es-pw-9f3k");
        assertThat(decode(secret, "kafka-sasl-password")).isEqualTo("kafka-pw-7q2x");
        assertThat(decode(secret, "api-token")).isEqualTo("token-x81");
        for (String kind : List.of("ConfigMap", "FlinkDeployment", "Deployment")) {
            for (JsonNode d : m.all(kind)) {
                assertThat(d.toString()).doesNotContain("es-pw-9f3k", "kafka-pw-7q2x", "token-x81");
            }
        }
        JsonNode flink = m.named("FlinkDeployment", "radar-yuqing-radar-topics").at("/spec/podTemplate/spec/containers/0");
        assertThat(secretRef(flink, "YUQING_ES_PASSWORD")).isEqualTo("radar-yuqing-radar-credentials/es-password");
        assertThat(secretRef(flink, "YUQING_KAFKA_SASL_PASSWORD")).isEqualTo("radar-yuqing-radar-credentials/kafka-sasl-password");
    }

    @Test
    void podMonitorScrapesTheFlinkPodsOnTheReporterPort() {
        Manifests m = render(t -> t.set("flink.metrics.prometheus.podMonitor.enabled", "true"));
        JsonNode monitor = m.named("PodMonitor", "radar-yuqing-radar-flink");
        assertThat(monitor.at("/spec/podMetricsEndpoints/0/port").asText()).isEqualTo("metrics");
        JsonNode podLabels = m.named("FlinkDeployment", "radar-yuqing-radar-topics").at("/spec/podTemplate/metadata/labels");
        monitor.at("/spec/selector/matchLabels").fields().forEachRemaining(e ->
                assertThat(podLabels.path(e.getKey()).asText()).as(e.getKey()).isEqualTo(e.getValue().asText()));
        assertThat(strings(monitor.at("/spec/selector/matchExpressions/0/values")))
                .contains(podLabels.at("/app.kubernetes.io~1component").asText());
        JsonNode port = m.named("FlinkDeployment", "radar-yuqing-radar-topics").at("/spec/podTemplate/spec/containers/0/ports/0");
        assertThat(port.at("/name").asText()).isEqualTo("metrics");
        assertThat(port.at("/containerPort").asInt()).isEqualTo(9249);
    }

    @Test
    void eachJobCanBeSwitchedOff() {
        Manifests m = render(t -> t.set("jobs.topics.enabled", "false").set("jobs.alerts.enabled", "false")
                .set("jobs.cases.enabled", "false").set("query.enabled", "false").set("notifier.enabled", "false"));
        assertThat(m.all("FlinkDeployment")).extracting(d -> d.at("/spec/job/entryClass").asText())
                .containsExactly("io.yuqing.radar.jobs.enrich.EnrichJob");
        assertThat(m.all("Deployment")).isEmpty();
        assertThat(m.all("HorizontalPodAutoscaler")).isEmpty();
        assertThat(m.all("PodDisruptionBudget")).isEmpty();
    }

    @Test
    void eachJobManagerProvisionsTopicsTablesAndTemplatesBeforeTheJobStarts() {
        Manifests m = render(t -> t.withValuesFile(PRODUCTION));
        assertThat(m.all("FlinkDeployment")).hasSize(4).allSatisfy(d -> {
            JsonNode init = d.at("/spec/jobManager/podTemplate/spec/initContainers/0");
            assertThat(init.at("/name").asText()).isEqualTo("provision");
            assertThat(init.at("/image").asText()).isEqualTo(d.at("/spec/image").asText());
            assertThat(init.at("/command").toString()).contains("io.yuqing.radar.jobs.Provision")
                    .contains("/opt/flink/usrlib/yuqing-jobs.jar:/opt/flink/lib/*");
            // the same configuration and credentials as the job itself
            JsonNode main = d.at("/spec/podTemplate/spec/containers/0");
            List<String> mainEnv = envNames(main).stream().filter(n -> !n.startsWith("AWS_")).toList();
            assertThat(envNames(init)).isEqualTo(mainEnv).contains("YUQING_CONFIG");
            assertThat(init.at("/volumeMounts").toString()).contains("/opt/yuqing/config");
            assertThat(init.at("/resources/limits/memory").asText()).isNotBlank();
        });
        assertThat(render(t -> t.set("flink.provision.enabled", "false")).all("FlinkDeployment"))
                .allSatisfy(d -> assertThat(d.at("/spec/jobManager/podTemplate").isMissingNode()).isTrue());
    }

    private static List<String> envNames(JsonNode container) {
        List<String> out = new java.util.ArrayList<>();
        container.at("/env").forEach(e -> out.add(e.at("/name").asText()));
        return out;
    }

    @Test
    void jobAndGlobalFlinkConfigurationOverrideTheChartsSettings() {
        Manifests m = render(t -> t
                .set("flink.flinkConfiguration.pipeline\\.max-parallelism", "720")
                .set("jobs.enrich.flinkConfiguration.restart-strategy\\.type", "fixed-delay"));
        JsonNode enrich = m.named("FlinkDeployment", "radar-yuqing-radar-enrich").at("/spec/flinkConfiguration");
        assertThat(enrich.at("/pipeline.max-parallelism").asText()).isEqualTo("720");
        assertThat(enrich.at("/restart-strategy.type").asText()).isEqualTo("fixed-delay");
        assertThat(m.named("FlinkDeployment", "radar-yuqing-radar-topics").at("/spec/flinkConfiguration/restart-strategy.type").asText())
                .isEqualTo("exponential-delay");
    }

    @Test
    void schemaRejectsInvalidValues(@TempDir Path dir) throws IOException {
        assertValuesRejected(dir, "bad-parallelism.yaml", "jobs:\n  enrich:\n    parallelism: two\n", "parallelism");
        assertValuesRejected(dir, "bad-protocol.yaml", "kafka:\n  security:\n    protocol: TLS\n", "protocol");
        assertValuesRejected(dir, "typo.yaml", "flink:\n  storage:\n    url: s3://bucket\n", "url");
        assertValuesRejected(dir, "password-in-config.yaml", "config:\n  es.password: hunter2\n", "es.password");
        assertValuesRejected(dir, "storage.yaml", "flink:\n  storage:\n    uri: /var/flink\n", "uri");
        assertValuesRejected(dir, "tls.yaml", "tls:\n  truststore:\n    enabled: true\n", "existingSecret");
    }

    /** Rendering with {@code yaml} as a values file fails, naming {@code expected}. */
    private static void assertValuesRejected(Path dir, String file, String yaml, String expected) throws IOException {
        Path values = dir.resolve(file);
        Files.writeString(values, yaml);
        assertRenderFails(t -> t.withValuesFile(values), expected);
    }

    @Test
    void notesTellHowToReachTheJobsAndTheToken() {
        String defaults = new Helm(CHART).install().withName("radar").withNamespace("yuqing")
                .withKubeVersion("1.31.0").clientOnly().dryRun().call().getOutput();
        assertThat(defaults).contains("radar-yuqing-radar-enrich  (io.yuqing.radar.jobs.enrich.EnrichJob, parallelism 2)")
                .contains("WARNING: flink.storage.uri is file://")
                .contains("get secret radar-yuqing-radar-credentials");
        String production = new Helm(CHART).install().withName("radar").withNamespace("yuqing")
                .withKubeVersion("1.31.0").withValuesFile(PRODUCTION).clientOnly().dryRun().call().getOutput();
        assertThat(production).contains("s3://yuqing-flink-state/prod/{checkpoints,savepoints}/<job>")
                .contains("get secret yuqing-query-token").doesNotContain("WARNING").doesNotContain("generated on every render");
    }

    @Test
    void theArchiveJobRendersOnlyWithAnArchiveUriAndCarriesItsSettings() {
        assertThat(render(t -> {}).all("FlinkDeployment")).extracting(d -> d.at("/metadata/name").asText())
                .doesNotContain("radar-yuqing-radar-archive");
        assertThat(radarProperties(render(t -> {}))).doesNotContainKey("archive.uri");
        assertRenderFails(t -> t.set("jobs.archive.enabled", "true"), "needs archive.uri");

        Manifests m = render(t -> t.set("jobs.archive.enabled", "true")
                .set("archive.uri", "hdfs://namenode:8020/yuqing/archive").set("archive.retentionDays", "180"));
        JsonNode d = m.named("FlinkDeployment", "radar-yuqing-radar-archive");
        assertThat(d.at("/spec/job/entryClass").asText()).isEqualTo("io.yuqing.radar.jobs.archive.ArchiveJob");
        assertThat(d.at("/spec/job/parallelism").asInt()).isEqualTo(1);
        assertThat(flinkDeploymentSchema.validate(d.at("/spec"))).isEmpty();
        Properties p = radarProperties(m);
        assertThat(p).containsEntry("archive.uri", "hdfs://namenode:8020/yuqing/archive")
                .containsEntry("archive.retention-days", "180").containsEntry("archive.compact-checkpoints", "30");
        assertThat(knownKeys.keySet()).as("keys the jobs read").containsAll(p.keySet());
    }

    @Test
    void moreParallelismThanSlotsIsRefused() {
        assertRenderFails(t -> t.set("jobs.enrich.parallelism", "5"), "needs more slots");
    }

    // ------------------------------------------------------------------------------------------

    static Manifests render(Consumer<TemplateCommand> options) {
        TemplateCommand t = new Helm(CHART).template().withName("radar").withNamespace("yuqing")
                .withKubeVersion("1.31.0");
        options.accept(t);
        return Manifests.parse(t.call());
    }

    static void assertRenderFails(Consumer<TemplateCommand> options, String mentioning) {
        assertThatThrownBy(() -> render(options)).hasMessageContaining(mentioning);
    }

    static Properties radarProperties(Manifests m) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(m.named("ConfigMap", "radar-yuqing-radar-config").at("/data/radar.properties").asText()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Map<String, String> env(JsonNode container) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.at("/env")) {
            env.put(e.at("/name").asText(), e.has("value") ? e.at("/value").asText() : null);
        }
        return env;
    }

    /**
     * The Kafka client settings the jobs build in this container from the rendered radar.properties
     * and the container's variables (a Secret's value stands as "secret:name/key"). So the chart's variable names and the code's keys cannot drift apart.
     */
    static KafkaConnection kafkaAsTheJobsSeeIt(JsonNode container, Properties radarProperties) {
        Map<String, String> env = new LinkedHashMap<>();
        for (JsonNode e : container.at("/env")) {
            JsonNode ref = e.at("/valueFrom/secretKeyRef");
            env.put(e.at("/name").asText(), e.has("value") ? e.at("/value").asText()
                    : "secret:" + ref.at("/name").asText() + "/" + ref.at("/key").asText());
        }
        try {
            Path file = Files.createTempFile("radar", ".properties");
            try {
                try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    radarProperties.store(out, null);
                }
                return KafkaConnection.from(Settings.load(file, env, new Properties()));
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "secret/key" of an environment variable taken from a Secret, or null. */
    static String secretRef(JsonNode container, String name) {
        for (JsonNode e : container.at("/env")) {
            if (e.at("/name").asText().equals(name)) {
                JsonNode ref = e.at("/valueFrom/secretKeyRef");
                assertThat(e.has("value")).as("%s must not be inlined", name).isFalse();
                return ref.isMissingNode() ? null : ref.at("/name").asText() + "/" + ref.at("/key").asText();
            }
        }
        return null;
    }

    static List<String> mountPaths(JsonNode container) {
        return container.at("/volumeMounts").findValuesAsText("mountPath");
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static String decode(JsonNode secret, String key) {
        JsonNode v = secret.at("/data/" + key);
        assertThat(v.isMissingNode()).as("secret key %s", key).isFalse();
        return new String(Base64.getDecoder().decode(v.asText()), StandardCharsets.UTF_8);
    }

    static JsonNode yaml(String text) {
        try {
            return YAML.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of one `helm template` output. */
    record Manifests(List<JsonNode> docs) {
        static Manifests parse(String out) {
            List<JsonNode> docs = new ArrayList<>();
            try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(out)) {
                while (it.hasNext()) {
                    JsonNode d = it.next();
                    if (d != null && d.isObject() && d.has("kind")) {
                        docs.add(d);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("helm template printed something that is not YAML:\n" + out, e);
            }
            return new Manifests(docs);
        }

        List<JsonNode> all(String kind) {
            return docs.stream().filter(d -> d.at("/kind").asText().equals(kind)).toList();
        }

        JsonNode named(String kind, String name) {
            return all(kind).stream().filter(d -> d.at("/metadata/name").asText().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in " + docs.stream()
                            .map(d -> d.at("/kind").asText() + "/" + d.at("/metadata/name").asText()).toList()));
        }
    }
}
