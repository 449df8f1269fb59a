import io.newsdrift.demo.DemoCorpus;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Generates a JSON-lines demo corpus of about the given size (with its planted wire-copy
 * republications as near duplicates). Run with the project's classpath: {@code java -cp CP
 * bench/GenerateCorpus.java DIR MEGABYTES}. Prints the articles and bytes written.
 */
public class GenerateCorpus {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long target = (long) (Double.parseDouble(args[1]) * 1024 * 1024);
    // Measure the mean article size on a small sample with the same generator, then scale.
    Path sample = Files.createTempDirectory("newsdrift-sample");
    DemoCorpus small = DemoCorpusGenerator.generate(DemoCorpusSpec.defaults().withArticles(6000), sample);
    double perArticle = (double) bytes(sample) / small.articles();
    int articles = (int) Math.ceil(target / perArticle);
    DemoCorpus corpus = DemoCorpusGenerator.generate(DemoCorpusSpec.defaults().withArticles(articles), dir);
    System.out.printf(
        "articles=%d bytes=%d syndicated_stories=%d%n",
        corpus.articles(), bytes(dir), corpus.syndications().size());
  }

  private static long bytes(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
