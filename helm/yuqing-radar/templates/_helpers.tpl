{{/* Names */}}
{{- define "yuqing.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "yuqing.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains (include "yuqing.name" .) .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name (include "yuqing.name" .) | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "yuqing.configName" -}}{{ include "yuqing.fullname" . }}-config{{- end -}}
{{- define "yuqing.secretName" -}}{{ include "yuqing.fullname" . }}-credentials{{- end -}}

{{- define "yuqing.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "yuqing.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: yuqing-radar
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "yuqing.selectorLabels" -}}
app.kubernetes.io/name: {{ include "yuqing.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "yuqing.jobsImage" -}}
{{ .Values.flink.image.repository }}:{{ .Values.flink.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{- define "yuqing.queryImage" -}}
{{ .Values.query.image.repository }}:{{ .Values.query.image.tag | default .Chart.AppVersion }}
{{- end -}}

{{/* "30s" -> "PT30S", "2min" -> "PT2M", "1h" -> "PT1H" (radar.properties wants ISO-8601) */}}
{{- define "yuqing.isoDuration" -}}
{{- $d := . | toString | lower | replace "min" "m" -}}
{{- printf "PT%s" ($d | upper) -}}
{{- end -}}

{{- define "yuqing.kafkaSasl" -}}
{{- if hasPrefix "SASL_" .Values.kafka.security.protocol }}true{{ end -}}
{{- end -}}

{{/*
The chart's own Secret holds only what is given inline; a group with existingSecret is referenced
and never copied. This says whether there is anything to hold.
*/}}
{{- define "yuqing.chartSecretNeeded" -}}
{{- $a := .Values.elasticsearch.auth -}}
{{- $s := .Values.kafka.security.sasl -}}
{{- if and .Values.query.enabled (not .Values.query.apiToken.existingSecret) }}true{{ end -}}
{{- if and (not $a.existingSecret) (or $a.username $a.password $a.apiKey) }}true{{ end -}}
{{- if and (include "yuqing.kafkaSasl" .) (not $s.existingSecret) }}true{{ end -}}
{{- end -}}

{{/* One secret-backed environment variable: name, secret, key, optional */}}
{{- define "yuqing.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ .secret }}
      key: {{ .key }}
      {{- if .optional }}
      optional: true
      {{- end }}
{{- end -}}

{{/*
Environment of every pod (jobs and query service): the configuration file, credentials as
YUQING_* variables (Settings reads them over the file), the truststore.
*/}}
{{- define "yuqing.env" -}}
{{- $chartSecret := include "yuqing.secretName" . -}}
- name: YUQING_CONFIG
  value: /opt/yuqing/config/radar.properties
{{- with .Values.elasticsearch.auth }}
{{- if .existingSecret }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_USERNAME" "secret" .existingSecret "key" .usernameKey "optional" true) }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_PASSWORD" "secret" .existingSecret "key" .passwordKey "optional" true) }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_API_KEY" "secret" .existingSecret "key" .apiKeyKey "optional" true) }}
{{- else }}
{{- if .username }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_USERNAME" "secret" $chartSecret "key" "es-username") }}
{{- end }}
{{- if .password }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_PASSWORD" "secret" $chartSecret "key" "es-password") }}
{{- end }}
{{- if .apiKey }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_ES_API_KEY" "secret" $chartSecret "key" "es-api-key") }}
{{- end }}
{{- end }}
{{- end }}
{{- if ne .Values.kafka.security.protocol "PLAINTEXT" }}
- name: YUQING_KAFKA_SECURITY_PROTOCOL
  value: {{ .Values.kafka.security.protocol | quote }}
{{- end }}
{{- if include "yuqing.kafkaSasl" . }}
{{- with .Values.kafka.security.sasl }}
- name: YUQING_KAFKA_SASL_MECHANISM
  value: {{ .mechanism | quote }}
{{- if .existingSecret }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_KAFKA_SASL_USERNAME" "secret" .existingSecret "key" .usernameKey) }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_KAFKA_SASL_PASSWORD" "secret" .existingSecret "key" .passwordKey) }}
{{- else }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_KAFKA_SASL_USERNAME" "secret" $chartSecret "key" "kafka-sasl-username") }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_KAFKA_SASL_PASSWORD" "secret" $chartSecret "key" "kafka-sasl-password") }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.tls.truststore }}
{{- if .enabled }}
{{- if .passwordKey }}
{{ include "yuqing.secretEnv" (dict "name" "YUQING_TRUSTSTORE_PASSWORD" "secret" .existingSecret "key" .passwordKey) }}
{{- end }}
- name: JAVA_TOOL_OPTIONS
  value: >-
    -Djavax.net.ssl.trustStore=/opt/yuqing/tls/{{ .key }} -Djavax.net.ssl.trustStoreType={{ .type }}
    {{- if .passwordKey }} -Djavax.net.ssl.trustStorePassword=$(YUQING_TRUSTSTORE_PASSWORD){{ end }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "yuqing.volumeMounts" -}}
- name: yuqing-config
  mountPath: /opt/yuqing/config
  readOnly: true
{{- if .Values.tls.truststore.enabled }}
- name: yuqing-truststore
  mountPath: /opt/yuqing/tls
  readOnly: true
{{- end }}
{{- end -}}

{{- define "yuqing.volumes" -}}
- name: yuqing-config
  configMap:
    name: {{ include "yuqing.configName" . }}
{{- if .Values.tls.truststore.enabled }}
- name: yuqing-truststore
  secret:
    secretName: {{ required "tls.truststore.existingSecret is required when tls.truststore.enabled" .Values.tls.truststore.existingSecret }}
    items:
      - key: {{ .Values.tls.truststore.key }}
        path: {{ .Values.tls.truststore.key }}
{{- end }}
{{- end -}}

{{/* radar.properties as a dict: computed from the structured values, then .Values.config over it */}}
{{- define "yuqing.properties" -}}
{{- $v := .Values -}}
{{- $p := dict
  "kafka.bootstrap" $v.kafka.bootstrap
  "kafka.topic.raw" $v.kafka.topics.raw
  "kafka.topic.enriched" $v.kafka.topics.enriched
  "kafka.topic.dlq" $v.kafka.topics.dlq
  "kafka.topic.topics" $v.kafka.topics.topics
  "kafka.topic.alerts" $v.kafka.topics.alerts
  "kafka.topic.alerts-control" $v.kafka.topics.alertsControl
  "kafka.topic.alerts-dlq" $v.kafka.topics.alertsDlq
  "kafka.topic.topics-lexicon" $v.kafka.topics.topicsLexicon
  "kafka.topic.topics-dlq" $v.kafka.topics.topicsDlq
  "kafka.topic.cases-events" $v.kafka.topics.casesEvents
  "kafka.topic.cases-reminders" $v.kafka.topics.casesReminders
  "kafka.topic.cases-dlq" $v.kafka.topics.casesDlq
  "kafka.start" $v.kafka.start
  "kafka.delivery" $v.kafka.delivery
  "hbase.zookeeper" $v.hbase.zookeeper
  "hbase.table.posts" $v.hbase.tables.posts
  "hbase.table.topic-trend" $v.hbase.tables.topicTrend
  "hbase.table.cases" $v.hbase.tables.cases
  "es.urls" (join "," $v.elasticsearch.urls)
  "es.index.posts" $v.elasticsearch.indices.posts
  "es.index.topics" $v.elasticsearch.indices.topics
  "es.index.alerts" $v.elasticsearch.indices.alerts
  "es.index.cases" $v.elasticsearch.indices.cases
  "flink.checkpoint-interval" (include "yuqing.isoDuration" $v.flink.checkpointing.interval)
  "query.host" "0.0.0.0"
  "query.port" $v.query.port
-}}
{{- if $v.query.tokens }}
{{- $_ := set $p "query.tokens-file" "/opt/yuqing/config/tokens.yaml" -}}
{{- $_ := set $p "query.tokens-reload" $v.query.tokensReload -}}
{{- end }}
{{- if $v.notifier.channels }}
{{- $_ := set $p "notify.channels-file" "/opt/yuqing/config/notify-channels.yaml" -}}
{{- end }}
{{- with $v.notifier.linkBase }}
{{- $_ := set $p "notify.link-base" . -}}
{{- end }}
{{- with $v.notifier.smtp }}
{{- if .host }}
{{- $_ := set $p "notify.smtp.host" .host -}}
{{- $_ := set $p "notify.smtp.port" .port -}}
{{- $_ := set $p "notify.smtp.from" .from -}}
{{- $_ := set $p "notify.smtp.starttls" .starttls -}}
{{- end }}
{{- end }}
{{- with $v.archive }}
{{- if .uri }}
{{- $_ := set $p "archive.uri" .uri -}}
{{- $_ := set $p "archive.compact-checkpoints" .compactCheckpoints -}}
{{- $_ := set $p "archive.retention-days" .retentionDays -}}
{{- end }}
{{- end }}
{{- if $v.alertRules }}
{{- $_ := set $p "alerts.rules-file" "/opt/yuqing/config/alert-rules.yaml" -}}
{{- end }}
{{- if $v.caseDeadlines }}
{{- $_ := set $p "cases.deadlines-file" "/opt/yuqing/config/case-deadlines.yaml" -}}
{{- end }}
{{- if $v.userDictionary }}
{{- $_ := set $p "enrich.user-dictionary" "/opt/yuqing/config/user-dictionary.txt" -}}
{{- end }}
{{- if $v.judgementLexicon }}
{{- $_ := set $p "topics.judgement-lexicon" "/opt/yuqing/config/judgement-lexicon.txt" -}}
{{- end }}
{{- with $v.sentimentModel }}
{{- if .uri }}
{{- $_ := set $p "enrich.sentiment-model" .uri -}}
{{- else if .volume }}
{{- $_ := set $p "enrich.sentiment-model" (printf "/opt/yuqing/models/%s" .file) -}}
{{- end }}
{{- end }}
{{- toYaml (merge (dict) (deepCopy $v.config) $p) -}}
{{- end -}}
