package io.yuqing.radar.connectors.hbase;

import io.yuqing.radar.schemas.PostsTable;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.io.compress.Compression;

import java.io.IOException;

/** Creates the project's tables when they are missing; never alters an existing one. */
public final class HBaseTables {
    private HBaseTables() {}

    /** The posts table, pre-split on the row-key salt (see {@link PostsTable}). */
    public static void ensurePosts(Admin admin, String name) throws IOException {
        ensure(admin, name, PostsTable.FAMILY, PostsTable.splitKeys());
    }

    /** A table of one column family keeping one version, GZ-compressed, pre-split at {@code splits}. */
    public static void ensure(Admin admin, String name, byte[] family, byte[][] splits) throws IOException {
        TableName table = TableName.valueOf(name);
        if (admin.tableExists(table)) {
            return;
        }
        admin.createTable(TableDescriptorBuilder.newBuilder(table)
                .setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(family)
                        .setMaxVersions(1)
                        // GZ is pure Java; snappy/lz4 need native code a user may not have
                        .setCompressionType(Compression.Algorithm.GZ)
                        .build())
                .build(), splits);
    }
}
