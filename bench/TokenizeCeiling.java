import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The physical ceiling for tokenization on one core: reads every {@code *.jsonl} file under DIR as
 * UTF-8 lines, lower-cases each line and splits it into runs of letters and digits (one String a
 * token, as a tokenizer hands on). No JSON parsing, no stop words, no stemming, no Spark: whatever newsdrift's analyzer does
 * on top of this costs more. Prints bytes, tokens, seconds and MB/s of the fastest of RUNS passes
 * and their median (the first pass also warms the page cache and the JIT).
 *
 * <p>{@code java bench/TokenizeCeiling.java DIR [RUNS]} (RUNS: 3)
 */
public class TokenizeCeiling {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
    }
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    double[] seconds = new double[runs];
    long tokens = 0;
    for (int r = 0; r < runs; r++) {
      long start = System.nanoTime();
      tokens = 0;
      for (Path f : files) {
        try (BufferedReader in = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
          for (String line = in.readLine(); line != null; line = in.readLine()) {
            tokens += countTokens(line.toLowerCase(Locale.ROOT));
          }
        }
      }
      seconds[r] = (System.nanoTime() - start) / 1e9;
    }
    java.util.Arrays.sort(seconds);
    double mb = bytes / 1048576.0;
    System.out.printf(
        Locale.ROOT,
        "ceiling bytes=%d tokens=%d runs=%d median_s=%.2f MBps_median=%.1f MBps_best=%.1f%n",
        bytes,
        tokens,
        runs,
        seconds[runs / 2],
        mb / seconds[runs / 2],
        mb / seconds[0]);
  }

  /** Sink for the tokens' hashes, so the JIT cannot drop the substrings. */
  static int sink;

  /** Splits {@code s} into runs of letters or digits; returns how many. */
  private static long countTokens(String s) {
    long n = 0;
    int start = -1;
    for (int i = 0; i <= s.length(); i++) {
      boolean word = i < s.length() && Character.isLetterOrDigit(s.charAt(i));
      if (word && start < 0) {
        start = i;
      } else if (!word && start >= 0) {
        sink += s.substring(start, i).hashCode();
        n++;
        start = -1;
      }
    }
    return n;
  }
}
