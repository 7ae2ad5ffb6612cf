package io.yuqing.radar.jobs.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiveDdlTest {
    private static final String URI = "hdfs://namenode:8020/yuqing/archive";

    @Test
    void eachDialectNamesTheContractsNestedTypesInItsOwnSyntax() {
        String hive = ArchiveDdl.create(ArchiveTable.POSTS, URI, ArchiveDdl.Dialect.HIVE);
        assertThat(hive).startsWith("CREATE EXTERNAL TABLE IF NOT EXISTS yuqing.posts (")
                .contains("`author` STRUCT<`id`: STRING, `name`: STRING, `followers`: BIGINT, `verified`: BOOLEAN>")
                .contains("`created_at` TIMESTAMP,")
                .contains("PARTITIONED BY (dt STRING, `hour` STRING)")
                .contains("LOCATION '" + URI + "/posts'");
        String trino = ArchiveDdl.create(ArchiveTable.TOPICS, URI, ArchiveDdl.Dialect.TRINO);
        assertThat(trino).contains("\"platforms\" MAP(VARCHAR, BIGINT)")
                .contains("\"sample_posts\" ARRAY(ROW(\"id\" VARCHAR, \"url\" VARCHAR, \"excerpt\" VARCHAR))")
                .contains("partitioned_by = ARRAY['dt', 'hour']")
                .contains("external_location = '" + URI + "/topics'");
        String spark = ArchiveDdl.create(ArchiveTable.ALERTS, URI, ArchiveDdl.Dialect.SPARK);
        assertThat(spark).contains("USING PARQUET").contains("`reasons` ARRAY<STRUCT<`rule`: STRING");
        String flink = ArchiveDdl.create(ArchiveTable.ALERTS, URI, ArchiveDdl.Dialect.FLINK);
        assertThat(flink).contains("`detected_at` TIMESTAMP(3)").contains("PARTITIONED BY (`dt`, `hour`)")
                .contains("'format' = 'parquet'");
    }

    @Test
    void anUnknownDialectIsRefusedByName() {
        assertThatThrownBy(() -> ArchiveDdl.dialect("oracle")).hasMessageContaining("flink, hive, spark or trino");
    }
}
