package io.yuqing.radar.connectors.hbase;

import java.io.Serializable;
import java.util.List;

/**
 * One row write: a row key and cells of one column family. Rows are overwritten, never
 * appended, so writing the same row twice (a replay after recovery) leaves the same state.
 */
public record HBaseRow(byte[] row, byte[] family, List<Cell> cells) implements Serializable {

    public record Cell(byte[] qualifier, byte[] value) implements Serializable {}

    public long sizeInBytes() {
        long n = row.length + family.length;
        for (Cell c : cells) {
            n += c.qualifier.length + c.value.length;
        }
        return n;
    }
}
