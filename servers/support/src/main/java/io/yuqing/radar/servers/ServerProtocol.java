package io.yuqing.radar.servers;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What a server main (Kafka, HBase, Elasticsearch, each in a JVM of its own) and the process that
 * started it agree on.
 *
 * <ul>
 *   <li>Arguments are {@code --key value} pairs; every server takes {@code --data-dir}.</li>
 *   <li>Once the server answers clients it prints one line {@code YUQING-READY k=v k=v} on
 *       stdout, e.g. {@code YUQING-READY bootstrap=127.0.0.1:9092}. Values never hold spaces.</li>
 *   <li>If it cannot start it prints {@code YUQING-FAILED <reason>} and exits with status 1.</li>
 *   <li>It exits when its stdin reaches end of file: the parent holds the other end of that
 *       pipe, so a parent that dies, however it dies, never leaves an orphaned server behind.</li>
 * </ul>
 */
public final class ServerProtocol {
    public static final String READY = "YUQING-READY";
    public static final String FAILED = "YUQING-FAILED";

    private ServerProtocol() {}

    /** Parses {@code --key value} pairs; a flag with no value maps to "true". */
    public static Map<String, String> parseArgs(String[] args) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("expected --key value, got '" + a + "'");
            }
            String key = a.substring(2);
            if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                out.put(key, args[++i]);
            } else {
                out.put(key, "true");
            }
        }
        return out;
    }

    public static String require(Map<String, String> args, String key) {
        String v = args.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing required argument --" + key);
        }
        return v;
    }

    /** A port given as {@code --key N}; 0 or absent means a free loopback port chosen now. */
    public static int port(Map<String, String> args, String key) {
        int p = Integer.parseInt(args.getOrDefault(key, "0"));
        return p == 0 ? freePort() : p;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    public static void ready(Map<String, String> info) {
        StringJoiner line = new StringJoiner(" ", READY + " ", "");
        info.forEach((k, v) -> {
            if (v.contains(" ")) {
                throw new IllegalArgumentException("READY values may not contain spaces: " + k + "=" + v);
            }
            line.add(k + "=" + v);
        });
        stdout().println(line);
        stdout().flush();
    }

    /** Reports a start failure the parent can show the user, then exits. */
    public static void failAndExit(String reason, Throwable cause) {
        if (cause != null) {
            cause.printStackTrace();
        }
        stdout().println(FAILED + " " + reason.replace('\n', ' '));
        stdout().flush();
        Runtime.getRuntime().halt(1);
    }

    /**
     * Runs {@code shutdown} and exits once stdin closes. Call after starting the server; the
     * calling thread returns immediately.
     */
    public static void exitWhenParentGone(Runnable shutdown) {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // the parent never writes; anything read is ignored
                }
            } catch (IOException ignored) {
                // a broken pipe means the same as end of file
            }
            try {
                shutdown.run();
            } finally {
                Runtime.getRuntime().halt(0);
            }
        }, "yuqing-parent-watch");
        t.setDaemon(true);
        t.start();
    }

    // Servers route their logs to stderr/stdout as they like; our protocol lines go through a
    // stream captured at class load, before any logging framework can replace System.out.
    private static final PrintStream STDOUT =
            new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

    private static PrintStream stdout() {
        return STDOUT;
    }
}
