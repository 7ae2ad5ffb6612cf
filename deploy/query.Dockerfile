# syntax=docker/dockerfile:1
#
# Yuqing Radar query service image (REST, read-only over HBase and Elasticsearch).
#
# Build from the repository root, after the service jar is built:
#   ./mvnw -B -Pimage -pl query -am package -DskipTests     # -> query/target/image/yuqing-query.jar
#   docker build -f deploy/query.Dockerfile -t yuqing-radar/query:0.1.0 .
# Run: configuration from a radar.properties (YUQING_CONFIG or --config) and YUQING_* variables;
#   docker run -p 8080:8080 -e YUQING_QUERY_API_TOKEN=... -e YUQING_HBASE_ZOOKEEPER=zk:2181 \
#     -e YUQING_ES_URLS=http://es:9200 yuqing-radar/query:0.1.0
FROM eclipse-temurin:17-jre

RUN set -eu; \
    groupadd --system --gid 10001 yuqing; \
    useradd --system --uid 10001 --gid yuqing --home-dir /opt/yuqing --no-create-home \
      --shell /usr/sbin/nologin yuqing; \
    mkdir -p /opt/yuqing/config; \
    chown -R yuqing:yuqing /opt/yuqing

COPY --chown=yuqing:yuqing query/target/image/yuqing-query.jar /opt/yuqing/yuqing-query.jar
COPY --chown=yuqing:yuqing deploy/query/log4j2.xml /opt/yuqing/log4j2.xml

# Listen on every interface in a container (the shipped default is 127.0.0.1). The HBase client
# reflects into java.nio on Java 17 (the same --add-opens the project's tests use).
ENV YUQING_QUERY_HOST=0.0.0.0 \
    JAVA_OPTS="-XX:MaxRAMPercentage=75" \
    YUQING_JVM_OPENS="--add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED"

USER 10001:10001
WORKDIR /opt/yuqing
EXPOSE 8080
# Kubernetes probes /health (liveness) and /ready (readiness: HBase and Elasticsearch answer)
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS $YUQING_JVM_OPENS -Dlog4j2.configurationFile=/opt/yuqing/log4j2.xml -jar /opt/yuqing/yuqing-query.jar \"$@\"", "yuqing-query"]
