package io.newsdrift.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * A real S3 server for tests: S3Proxy (transient in-memory backend) started as its own JVM on
 * 127.0.0.1, since its servlet 5 cannot share a class path with Spark 4. Maven copies its jar to
 * {@code target/s3proxy/s3proxy.jar} at process-test-resources.
 */
public final class S3ProxyServer implements AutoCloseable {
  public static final String ACCESS_KEY = "newsdrift-test-access";
  public static final String SECRET_KEY = "newsdrift-test-secret-key";

  private final Process process;
  private final int port;
  private final Path log;
  private final String accessKey;
  private final String secretKey;

  private S3ProxyServer(Process process, int port, Path log, String accessKey, String secretKey) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  public static S3ProxyServer start(Path workDir) throws IOException, InterruptedException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return start(workDir, port, null);
  }

  /**
   * A server on a given port; with {@code dataDir} its buckets live in that folder (the {@code
   * filesystem} backend), so a server stopped and started again on the same port and folder serves
   * the same objects.
   */
  public static S3ProxyServer start(Path workDir, int port, Path dataDir)
      throws IOException, InterruptedException {
    return start(workDir, port, dataDir, ACCESS_KEY, SECRET_KEY);
  }

  /** A server that accepts only the given keys (a test that looks for them in every output). */
  public static S3ProxyServer start(
      Path workDir, int port, Path dataDir, String accessKey, String secretKey)
      throws IOException, InterruptedException {
    Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new AssertionError(
          "S3Proxy jar missing at "
              + jar
              + ": run through Maven (process-test-resources copies it)");
    }
    Path props = workDir.resolve("s3proxy.properties");
    Files.writeString(
        props,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:" + port,
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            dataDir == null ? "jclouds.provider=transient" : "jclouds.provider=filesystem",
            dataDir == null ? "" : "jclouds.filesystem.basedir=" + dataDir,
            "jclouds.identity=" + accessKey,
            "jclouds.credential=" + secretKey,
            ""));
    Path log = workDir.resolve("s3proxy-" + System.nanoTime() + ".log");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p =
        new ProcessBuilder(
                List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", props.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    S3ProxyServer server = new S3ProxyServer(p, port, log, accessKey, secretKey);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("S3Proxy exited with " + p.exitValue() + ": " + server.logText());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return server;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    server.close();
    throw new AssertionError("S3Proxy did not listen within 60 s: " + server.logText());
  }

  public int port() {
    return port;
  }

  /** Stops the server at once, as a crash would (SIGKILL). */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /** The S3A settings of DESIGN.md for one bucket, credentials included (tests only). */
  public Map<String, String> s3aSettings(String bucket) {
    String b = "fs.s3a.bucket." + bucket + ".";
    return Map.of(
        b + "endpoint", endpoint(),
        b + "path.style.access", "true",
        b + "connection.ssl.enabled", "false",
        b + "endpoint.region", "us-east-1",
        b + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        b + "access.key", accessKey,
        b + "secret.key", secretKey,
        b + "change.detection.version.required", "false");
  }

  public void configure(Configuration conf, String bucket) {
    s3aSettings(bucket).forEach(conf::set);
  }

  private String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
