package io.newsdrift.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.newsdrift.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Runs a newsdrift command line on the test JVM's shared session and keeps what it printed. */
public final class CommandLine {
  private static final Pattern RUN_ID = Pattern.compile("ok run_id=(\\S+)");

  private CommandLine() {}

  /** One command line's exit code, stdout and stderr. */
  public record Run(int code, String out, String err) {
    public Run ok() {
      assertThat(code).as("exit code; stderr:%n%s", err).isZero();
      return this;
    }

    /** The run id of the summary line. */
    public String runId() {
      Matcher m = RUN_ID.matcher(out);
      assertThat(m.find()).as("summary line in %s", out).isTrue();
      return m.group(1);
    }
  }

  public static Run run(SparkSession spark, String... argv) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.runOn(
            spark,
            argv,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
