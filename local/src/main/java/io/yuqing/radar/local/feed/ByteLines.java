package io.yuqing.radar.local.feed;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without decoding it, so a line that is not valid UTF-8 comes
 * out byte for byte as it went in. Strips LF / CRLF; skips lines of only spaces, tabs and CRs.
 */
final class ByteLines implements Closeable {
    private final InputStream in;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private byte[] line = new byte[1024];
    private boolean eof;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next non-blank line, or null at the end. */
    byte[] next() throws IOException {
        while (true) {
            int len = readLine();
            if (len < 0) {
                return null;
            }
            if (len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (!blank(len)) {
                return Arrays.copyOf(line, len);
            }
        }
    }

    /** Fills {@link #line}; returns its length, or -1 at the end of the stream. */
    private int readLine() throws IOException {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == limit) {
                if (eof) {
                    return any ? len : -1;
                }
                limit = in.read(buf, 0, buf.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    eof = true;
                    continue;
                }
            }
            any = true;
            int start = pos;
            while (pos < limit && buf[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, len + n));
            }
            System.arraycopy(buf, start, line, len, n);
            len += n;
            if (pos < limit) {
                pos++; // the '\n'
                return len;
            }
        }
    }

    private boolean blank(int len) {
        for (int i = 0; i < len; i++) {
            byte b = line[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
