package io.newsdrift.io;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;

/**
 * Turns a failure to reach object storage, deep in a Spark or S3A exception chain, into one line
 * that names the endpoint the run was talking to, so an operator knows which server was down. Never
 * includes credentials: only the endpoint setting and the bucket are read.
 */
public final class StorageErrors {
  private static final Pattern S3A_BUCKET = Pattern.compile("s3a://([^/\\s:\"']+)");
  private static final Pattern UNREACHABLE =
      Pattern.compile(
          "ConnectException|Connection refused|Connect to \\S+ failed|SocketTimeoutException"
              + "|NoRouteToHostException|UnknownHostException|Unable to execute HTTP request"
              + "|ConnectTimeoutException|SdkClientException|AWSClientIOException");

  private StorageErrors() {}

  /** A message naming the unreachable endpoint, when {@code failure} is one. */
  public static Optional<String> unreachableEndpoint(Throwable failure, Configuration conf) {
    String bucket = null;
    boolean unreachable = false;
    String cause = null;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      String text = t.getClass().getName() + ": " + t.getMessage();
      Matcher m = S3A_BUCKET.matcher(text);
      if (bucket == null && m.find()) {
        bucket = m.group(1);
      }
      Matcher u = UNREACHABLE.matcher(text);
      if (u.find()) {
        unreachable = true;
        cause = firstLine(t.getClass().getSimpleName() + ": " + t.getMessage());
      }
    }
    if (!unreachable || bucket == null) {
      return Optional.empty();
    }
    String perBucket = "fs.s3a.bucket." + bucket + ".endpoint";
    String endpoint = conf.get(perBucket);
    String key = perBucket;
    if (endpoint == null) {
      endpoint = conf.get("fs.s3a.endpoint", "the default AWS S3 endpoint");
      key = "fs.s3a.endpoint";
    }
    return Optional.of(
        "cannot reach object storage at "
            + endpoint
            + " (bucket "
            + bucket
            + ", "
            + key
            + "): "
            + cause);
  }

  private static String firstLine(String s) {
    int eol = s.indexOf('\n');
    String line = eol < 0 ? s : s.substring(0, eol);
    return line.length() > 300 ? line.substring(0, 300) + "..." : line;
  }
}
