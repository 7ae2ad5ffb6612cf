package io.yuqing.radar.connectors.elasticsearch;

import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/** Documents still buffered at a checkpoint, so none is lost when the job restores. */
final class EsDocumentStateSerializer extends AsyncSinkWriterStateSerializer<EsDocument> {

    @Override
    protected void serializeRequestToStream(EsDocument doc, DataOutputStream out) throws IOException {
        out.writeUTF(doc.index());
        out.writeUTF(doc.id());
        out.writeInt(doc.json().length);
        out.write(doc.json());
    }

    @Override
    protected EsDocument deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        String index = in.readUTF();
        String id = in.readUTF();
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new EsDocument(index, id, json);
    }

    @Override
    public int getVersion() {
        return 1;
    }
}
