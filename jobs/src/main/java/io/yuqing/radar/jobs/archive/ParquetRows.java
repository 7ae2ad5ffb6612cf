package io.yuqing.radar.jobs.archive;

import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.connector.file.sink.compactor.RecordWiseFileCompactor;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.RecordAndPosition;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.Path;
import org.apache.flink.formats.parquet.ParquetColumnarRowInputFormat;
import org.apache.flink.formats.parquet.row.ParquetRowDataBuilder;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.hadoop.conf.Configuration;

import java.io.IOException;

/**
 * Archive rows to and from Parquet with Flink's own Parquet format: the writer the FileSink uses,
 * and the reader its compactor uses to merge a partition's small files (Parquet files cannot be
 * concatenated byte-wise, so compaction rewrites their rows).
 *
 * <p>Timestamps are written as Parquet INT96 holding the China wall-clock time as if it were UTC
 * ({@code utcTimestamp}), which Flink SQL, DuckDB, Hive, Spark and Trino all read back as the same
 * wall-clock TIMESTAMP.
 */
public final class ParquetRows {
    private static final int READ_BATCH = 2048;

    private ParquetRows() {}

    public static BulkWriter.Factory<RowData> writer(RowType type) {
        Configuration conf = new Configuration(false);
        conf.set("parquet.compression", "SNAPPY");
        return ParquetRowDataBuilder.createWriterFactory(type, conf, true);
    }

    /** The compactor's reader of files this job wrote. */
    public static RecordWiseFileCompactor.Reader.Factory<RowData> compactionReader(RowType type) {
        return path -> new Reader(path, type);
    }

    private static final class Reader implements RecordWiseFileCompactor.Reader<RowData> {
        private final BulkFormat.Reader<RowData> reader;
        private BulkFormat.RecordIterator<RowData> batch;

        Reader(Path path, RowType type) throws IOException {
            ParquetColumnarRowInputFormat<FileSourceSplit> format = new ParquetColumnarRowInputFormat<>(
                    new Configuration(false), type, InternalTypeInfo.of(type), READ_BATCH, true, true);
            FileStatus status = path.getFileSystem().getFileStatus(path);
            reader = format.createReader(new org.apache.flink.configuration.Configuration(),
                    new FileSourceSplit("compact", path, 0, status.getLen(), status.getModificationTime(), status.getLen()));
        }

        @Override
        public RowData read() throws IOException {
            while (true) {
                if (batch == null) {
                    batch = reader.readBatch();
                    if (batch == null) {
                        return null;
                    }
                }
                // the row is the batch's reused view: the compactor writes it before the next read
                RecordAndPosition<RowData> next = batch.next();
                if (next != null) {
                    return next.getRecord();
                }
                batch.releaseBatch();
                batch = null;
            }
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
