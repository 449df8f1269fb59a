import io.newsdrift.demo.BackgroundWords;
import io.newsdrift.demo.DemoCorpus;
import io.newsdrift.demo.DemoCorpusGenerator;
import io.newsdrift.demo.DemoCorpusSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Generates a JSON-lines demo corpus of about the given size (with its planted wire-copy
 * republications as near duplicates). Run with the project's classpath: {@code java -cp CP
 * bench/GenerateCorpus.java DIR MEGABYTES [WORDS [PER_OUTLET_DAY]]}. With WORDS, the real articles'
 * content words that {@code bench/news_words.py} writes (one article a line), half of each body's
 * content words are real news words (see {@code BackgroundWords}). With PER_OUTLET_DAY, the corpus
 * spans as many days as it takes each outlet to publish about that many articles a day (at least
 * the default twelve weeks); without it, every size spans twelve weeks. Prints the articles, bytes
 * and days written and the end (the first day after the corpus).
 */
public class GenerateCorpus {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long target = (long) (Double.parseDouble(args[1]) * 1024 * 1024);
    BackgroundWords background =
        args.length > 2 && !args[2].isEmpty() ? readWords(Path.of(args[2])) : null;
    // Measure the mean article size on a small sample with the same generator, then scale.
    Path sample = Files.createTempDirectory("newsdrift-sample");
    DemoCorpusSpec spec = DemoCorpusSpec.defaults();
    DemoCorpus small = DemoCorpusGenerator.generate(spec.withArticles(6000), background, sample);
    double perArticle = (double) bytes(sample) / small.articles();
    deleteSample(sample);
    DemoCorpusSpec sized = spec.withArticles((int) Math.ceil(target / perArticle));
    if (args.length > 3) {
      sized = sized.withDensity(Integer.parseInt(args[3]));
    }
    DemoCorpus corpus = DemoCorpusGenerator.generate(sized, background, dir);
    System.out.printf(
        "articles=%d bytes=%d days=%d end=%s syndicated_stories=%d%s%n",
        corpus.articles(),
        bytes(dir),
        sized.days(),
        sized.end(),
        corpus.syndications().size(),
        background == null
            ? ""
            : " background_articles=" + background.articles() + " background_terms=" + background.terms());
  }

  private static BackgroundWords readWords(Path file) throws Exception {
    try (Stream<String> lines = Files.lines(file)) {
      List<String[]> articles = lines.map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split(" ")).toList();
      return BackgroundWords.of(articles);
    }
  }

  private static void deleteSample(Path sample) throws Exception {
    try (Stream<Path> files = Files.list(sample)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(sample);
  }

  private static long bytes(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".jsonl")).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
