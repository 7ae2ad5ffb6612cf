package io.yuqing.radar.connectors.hbase;

import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Rows still buffered at a checkpoint, so none is lost when the job restores. */
final class HBaseRowStateSerializer extends AsyncSinkWriterStateSerializer<HBaseRow> {

    @Override
    protected void serializeRequestToStream(HBaseRow row, DataOutputStream out) throws IOException {
        writeBytes(out, row.row());
        writeBytes(out, row.family());
        out.writeInt(row.cells().size());
        for (HBaseRow.Cell c : row.cells()) {
            writeBytes(out, c.qualifier());
            writeBytes(out, c.value());
        }
    }

    @Override
    protected HBaseRow deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        byte[] row = readBytes(in);
        byte[] family = readBytes(in);
        int n = in.readInt();
        List<HBaseRow.Cell> cells = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cells.add(new HBaseRow.Cell(readBytes(in), readBytes(in)));
        }
        return new HBaseRow(row, family, cells);
    }

    @Override
    public int getVersion() {
        return 1;
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return b;
    }
}
