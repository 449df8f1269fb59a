package io.newsdrift.spark;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;

/**
 * Keeps S3 secrets (access and secret keys, session tokens, encryption keys) out of everything a
 * run prints or stores. Spark redacts settings whose names match {@code spark.redaction.regex} in
 * its event log, UI and {@code spark.logConf} output, but its default ({@code
 * (?i)secret|password|token|access[.]?key}) misses S3A's encryption keys ({@code
 * fs.s3a.encryption.key}, {@code fs.s3a.server-side-encryption.key}), which then appear in clear in
 * every event log; {@link #protect} widens it. Text newsdrift itself prints or writes to {@code
 * runs} from a failure (exception messages and stack traces of Hadoop and the AWS SDK) goes through
 * {@link #redact}, which blanks the values of such settings and of the AWS environment variables
 * wherever they occur.
 */
public final class Secrets {
  /** Names of settings whose values are secret: Spark's default plus S3A's encryption keys. */
  public static final String NAME_REGEX =
      "(?i)secret|password|token|access[.]?key|encryption[.]key";

  /** What a secret is replaced with (Spark's own marker). */
  public static final String REDACTED = "*********(redacted)";

  private static final Pattern NAMES = Pattern.compile(NAME_REGEX);
  private static final List<String> ENVIRONMENT =
      List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
  private static final Pattern URI_LOGIN =
      Pattern.compile("(\\b[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]+@");
  // Shorter values (a "true", an empty key) would blank harmless words all over a message.
  private static final int MIN_SECRET_LENGTH = 6;

  private Secrets() {}

  /**
   * Makes Spark redact S3A's encryption keys too, keeping whatever {@code spark.redaction.regex}
   * the user set: a setting is redacted when either pattern matches its name.
   */
  public static void protect(SparkConf conf) {
    String own = conf.get("spark.redaction.regex", null);
    if (own == null) {
      conf.set("spark.redaction.regex", NAME_REGEX);
    } else if (!own.contains(NAME_REGEX)) {
      conf.set("spark.redaction.regex", "(?:" + own + ")|(?:" + NAME_REGEX + ")");
    }
  }

  /** Whether a setting of this name holds a secret. */
  public static boolean isSecret(String name) {
    return NAMES.matcher(name).find();
  }

  /** Whether a URI carries login details ({@code s3a://KEY:SECRET@bucket/}). */
  public static boolean hasLogin(String uri) {
    return URI_LOGIN.matcher(uri).find();
  }

  /**
   * {@code text} with every secret blanked: the values of the file system settings named like
   * secrets ({@code fs.s3a.secret.key}, per-bucket ones too), of the AWS credential environment
   * variables, and login details in URIs.
   */
  public static String redact(String text, Configuration conf) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    Set<String> values = new LinkedHashSet<>();
    if (conf != null) {
      for (Map.Entry<String, String> e : conf) {
        // File system settings only: elsewhere in Hadoop's defaults "token" names intervals.
        if (e.getKey().startsWith("fs.") && isSecret(e.getKey())) {
          values.add(conf.getTrimmed(e.getKey(), ""));
        }
      }
    }
    for (String name : ENVIRONMENT) {
      String v = System.getenv(name);
      if (v != null) {
        values.add(v.strip());
      }
    }
    List<String> longestFirst = new ArrayList<>(values);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    String out = URI_LOGIN.matcher(text).replaceAll("$1" + REDACTED.replace("$", "\\$") + "@");
    for (String v : longestFirst) {
      if (v.length() >= MIN_SECRET_LENGTH) {
        out = out.replace(v, REDACTED);
      }
    }
    return out;
  }
}
