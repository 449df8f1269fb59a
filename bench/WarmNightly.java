import io.newsdrift.cli.Main;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Several newsdrift command lines one after another in one JVM, each timed: what a run costs once
 * the JVM has warmed up (its JIT compiler has compiled Spark's planner, Janino and our code), as in
 * a backfill or a notebook session, against the cold runs of {@code jobs/newsdrift}. Each run gets
 * a SparkSession of its own ({@link Main#run} stops it), so only the JVM's state carries over.
 *
 * <pre>
 * java [JVM options] -cp target/newsdrift-job.jar:$(cat target/provided-classpath.txt) \
 *   bench/WarmNightly.java LABEL nightly --date ... :: LABEL nightly --date ... :: ...
 * </pre>
 *
 * Prints one line per run: label, exit code, wall s, process CPU s and JIT compilation s.
 */
public final class WarmNightly {
  public static void main(String[] argv) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    for (List<String> run : split(argv)) {
      String label = run.get(0);
      String[] args = run.subList(1, run.size()).toArray(String[]::new);
      long wall0 = System.nanoTime();
      long cpu0 = os.getProcessCpuTime();
      long jit0 = jit.getTotalCompilationTime();
      int code = Main.run(args, System.out, System.err);
      System.out.printf(
          "warm-nightly %s exit=%d wall_s=%.1f cpu_s=%.1f jit_s=%.1f%n",
          label,
          code,
          (System.nanoTime() - wall0) / 1e9,
          (os.getProcessCpuTime() - cpu0) / 1e9,
          (jit.getTotalCompilationTime() - jit0) / 1e3);
      if (code != 0) {
        System.exit(code);
      }
    }
  }

  /** The command lines, separated by {@code ::}, each starting with its label. */
  private static List<List<String>> split(String[] argv) {
    List<List<String>> runs = new ArrayList<>();
    List<String> current = new ArrayList<>();
    for (String arg : argv) {
      if (arg.equals("::")) {
        runs.add(current);
        current = new ArrayList<>();
      } else {
        current.add(arg);
      }
    }
    runs.add(current);
    runs.removeIf(List::isEmpty);
    if (runs.isEmpty() || runs.stream().anyMatch(r -> r.size() < 2)) {
      throw new IllegalArgumentException(
          "usage: WarmNightly LABEL COMMAND [options] [:: LABEL COMMAND [options]] ... , got "
              + Arrays.toString(argv));
    }
    return runs;
  }
}
