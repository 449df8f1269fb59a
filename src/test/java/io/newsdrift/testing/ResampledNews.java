package io.newsdrift.testing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * A benchmark corpus of any size resampled from real articles (the shared corpora, as ingest
 * accepted them), so that a benchmark measures real news language at a size the real corpora do not
 * reach: 100,000 articles from about 21,000.
 *
 * <p>Each generated article is a random {@value #PRIMARY_SHARE} of one real article's sentences (in
 * their order), followed by a random {@value #SECONDARY_SHARE} of another's. It keeps the primary's
 * outlet, date and title. Sentences are whole, so word co-occurrence within a sentence is real
 * news; the second source makes every article a mixture, as a topic model assumes, and keeps two
 * articles drawn from the same primary from being near copies of each other (they share about 36%
 * of its sentences, 0.6 x 0.6, and have second sources of their own). Far beyond the sources' size
 * sentences repeat: 100,000 articles from about 21,000 give 4.8% near duplicates at ingest, so this
 * suits benchmarks of the topic model rather than of dedup.
 */
public final class ResampledNews {
  static final double PRIMARY_SHARE = 0.6;
  static final double SECONDARY_SHARE = 0.3;

  /** A sentence ends at '.', '!' or '?' followed by blank space. */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

  private static final Pattern BLANK_SPACE = Pattern.compile("\\s+");

  /** One real article, split into sentences. */
  public record Source(String outlet, String date, String title, List<String> sentences) {
    public Source {
      if (sentences.isEmpty()) {
        throw new IllegalArgumentException(
            "a source article needs at least one sentence: " + title);
      }
      sentences = List.copyOf(sentences);
    }

    /** The article's text split into sentences; null when the text has none. */
    public static Source of(String outlet, String date, String title, String text) {
      List<String> sentences = new ArrayList<>();
      for (String s : SENTENCE_END.split(text == null ? "" : text.strip())) {
        String folded = BLANK_SPACE.matcher(s).replaceAll(" ").strip();
        if (!folded.isEmpty()) {
          sentences.add(folded);
        }
      }
      return sentences.isEmpty() ? null : new Source(outlet, date, title, sentences);
    }
  }

  /** One generated article. */
  public record Article(String id, String outlet, String date, String title, String text) {}

  private final List<Source> sources;
  private final long seed;

  public ResampledNews(List<Source> sources, long seed) {
    if (sources.size() < 2) {
      throw new IllegalArgumentException(
          "resampling needs at least 2 source articles, got " + sources.size());
    }
    this.sources = List.copyOf(sources);
    this.seed = seed;
  }

  /**
   * The i-th generated article: the same for the same sources, seed and i, whatever else is made.
   */
  public Article article(long i) {
    SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    Source primary = sources.get(rng.nextInt(sources.size()));
    Source secondary = sources.get(rng.nextInt(sources.size()));
    StringBuilder text = new StringBuilder();
    int kept = appendSample(text, primary.sentences(), PRIMARY_SHARE, rng);
    if (kept == 0) {
      // Never an article without its primary: one-sentence sources would often lose it.
      append(text, primary.sentences().get(rng.nextInt(primary.sentences().size())));
    }
    appendSample(text, secondary.sentences(), SECONDARY_SHARE, rng);
    return new Article(
        "resampled-" + i, primary.outlet(), primary.date(), primary.title(), text.toString());
  }

  /**
   * Writes articles [0, count) to out as JSON lines (id, outlet, date, title, text); leaves it
   * open.
   */
  public void writeJsonLines(long count, Writer out) throws IOException {
    try (JsonGenerator json =
        new JsonFactory()
            .configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false)
            .createGenerator(out)) {
      json.setRootValueSeparator(null);
      for (long i = 0; i < count; i++) {
        Article a = article(i);
        json.writeStartObject();
        json.writeStringField("id", a.id());
        json.writeStringField("outlet", a.outlet());
        json.writeStringField("date", a.date());
        json.writeStringField("title", a.title());
        json.writeStringField("text", a.text());
        json.writeEndObject();
        json.writeRaw('\n');
      }
    }
  }

  private static int appendSample(
      StringBuilder text, List<String> sentences, double share, SplittableRandom rng) {
    int kept = 0;
    for (String s : sentences) {
      if (rng.nextDouble() < share) {
        append(text, s);
        kept++;
      }
    }
    return kept;
  }

  private static void append(StringBuilder text, String sentence) {
    if (!text.isEmpty()) {
      text.append(' ');
    }
    text.append(sentence);
  }
}
