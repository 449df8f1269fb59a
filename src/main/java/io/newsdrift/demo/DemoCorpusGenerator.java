package io.newsdrift.demo;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes a synthetic, deterministic news corpus with known coverage shifts and syndicated copies,
 * for demos and end-to-end tests of the analysis jobs.
 *
 * <p>The corpus has six outlets ({@code newswire}, {@code north-gazette}, {@code daily-ledger},
 * {@code metro-herald}, {@code capital-times}, {@code coast-courier}), each written to {@code
 * articles-<outlet>.jsonl} with one JSON object per line: {@code id}, {@code outlet}, {@code url},
 * {@code title}, {@code text} and {@code date} (a UTC instant such as {@code
 * 2024-01-05T09:13:00Z}). Article counts are roughly even across outlets and spread over all days,
 * with weekends at about 60% of weekday volume. Every article has a main subject out of eight
 * (ukraine, energy, trade, politics, sports, health, technology, weather) and often a secondary
 * one; its text is built from the subject vocabularies in {@link DemoVocabulary}, common news words
 * and English function words, so topic models find real structure. Benchmarks can add real news
 * vocabulary ({@link BackgroundWords}): then half of a body's content words come from a real
 * article's words instead.
 *
 * <p>Planted events, counted in days from {@link DemoCorpusSpec#start()} and lasting to the last
 * day (an event that would start after the last day is left out):
 *
 * <ul>
 *   <li>energy rises to 35% of main subjects in north-gazette and daily-ledger from day 42;
 *   <li>trade rises to 30% in capital-times from day 56;
 *   <li>ukraine rises to 25% in all six outlets from day 63.
 * </ul>
 *
 * <p>About 8% of newswire articles are republished by one to three other outlets on the same or the
 * next day, with about 3% of words changed, an optional intro line and sometimes a slightly altered
 * title. The total number of articles, copies included, is exactly {@link
 * DemoCorpusSpec#articles()}. With {@link DemoCorpusSpec#defaults()} that is 6000 articles over the
 * 12 weeks from Monday 2024-01-01, so the shifts start on Mondays 2024-02-12, 2024-02-26 and
 * 2024-03-04.
 *
 * <p>Generation uses a single seeded random stream in a fixed order, so the same spec always gives
 * byte-identical files. Articles are streamed to disk one day at a time; memory use does not grow
 * with the number of days.
 */
public final class DemoCorpusGenerator {
  private static final String[] OUTLETS = DemoVocabulary.OUTLETS;
  private static final int WIRE = 0;

  /** Planted shift rows, in the order they are reported. */
  private static final List<ShiftPlan> SHIFT_PLANS =
      List.of(
          new ShiftPlan(DemoVocabulary.ENERGY, 1, 42, 0.35),
          new ShiftPlan(DemoVocabulary.ENERGY, 2, 42, 0.35),
          new ShiftPlan(DemoVocabulary.TRADE, 4, 56, 0.30),
          new ShiftPlan(DemoVocabulary.UKRAINE, 0, 63, 0.25),
          new ShiftPlan(DemoVocabulary.UKRAINE, 1, 63, 0.25),
          new ShiftPlan(DemoVocabulary.UKRAINE, 2, 63, 0.25),
          new ShiftPlan(DemoVocabulary.UKRAINE, 3, 63, 0.25),
          new ShiftPlan(DemoVocabulary.UKRAINE, 4, 63, 0.25),
          new ShiftPlan(DemoVocabulary.UKRAINE, 5, 63, 0.25));

  /** Number of leading subjects whose shares can be planted; the others absorb the change. */
  private static final int PLANTABLE_SUBJECTS = 3;

  private static final double WEEKEND_VOLUME = 0.6;
  private static final double SYNDICATION_RATE = 0.08;
  private static final double SAME_DAY_COPY_RATE = 0.6;
  private static final double COPY_EDIT_RATE = 0.03;
  private static final double COPY_INTRO_RATE = 0.5;
  private static final double COPY_TITLE_CHANGE_RATE = 0.4;
  private static final double SECONDARY_SUBJECT_RATE = 0.6;
  private static final double MAIN_SUBJECT_WORD_SHARE = 0.7;
  private static final double SUBJECT_WORD_RATE = 0.5;
  private static final double BACKGROUND_WORD_RATE = 0.5;
  private static final double FUNCTION_WORD_RATE = 0.45;
  private static final double NUMBER_RATE = 0.15;
  private static final int MIN_SENTENCE = 8;
  private static final int MAX_SENTENCE = 20;

  private final DemoCorpusSpec spec;
  private final BackgroundWords background;
  private final SplittableRandom rnd;
  private final int days;
  private final String[] isoDates;
  private final String[] urlDates;

  /** Article slots still free per [day][outlet]; copies take slots before originals fill them. */
  private final int[][] freeSlots;

  private final int[] nextSeq = new int[OUTLETS.length];
  private final List<PlantedSyndication> syndications = new ArrayList<>();
  private final StringBuilder line = new StringBuilder(4096);
  private char[] chars = new char[4096];
  private int created;
  private long written;

  /** The source article the article being written borrows its background words from, or -1. */
  private int borrowed = -1;

  private DemoCorpusGenerator(DemoCorpusSpec spec, BackgroundWords background) {
    this.spec = spec;
    this.background = background;
    this.rnd = new SplittableRandom(spec.seed());
    this.days = spec.days();
    this.isoDates = new String[days];
    this.urlDates = new String[days];
    for (int d = 0; d < days; d++) {
      String iso = spec.start().plusDays(d).toString();
      isoDates[d] = iso;
      urlDates[d] = iso.replace('-', '/');
    }
    this.freeSlots = planSlots();
  }

  /**
   * Writes the corpus as JSON-lines files into {@code dir} (created if missing; existing {@code
   * *.jsonl} files there are replaced) together with {@code planted.json}, and returns what was
   * planted. Deterministic: the same spec gives byte-identical files.
   */
  public static DemoCorpus generate(DemoCorpusSpec spec, Path dir) throws IOException {
    return generate(spec, null, dir);
  }

  /**
   * Like {@link #generate(DemoCorpusSpec, Path)}, but with real news vocabulary: half of the
   * content words of each original article's body are background words drawn from one borrowed real
   * article (see {@link BackgroundWords}); the subjects, planted shifts and republications stay as
   * they are. With {@code background} null this is exactly {@link #generate(DemoCorpusSpec, Path)}.
   */
  public static DemoCorpus generate(DemoCorpusSpec spec, BackgroundWords background, Path dir)
      throws IOException {
    Files.createDirectories(dir);
    deleteJsonLines(dir);
    DemoCorpusGenerator generator = new DemoCorpusGenerator(spec, background);
    try (OutletWriters writers = new OutletWriters(dir)) {
      generator.writeArticles(writers);
    }
    List<PlantedShift> shifts = generator.plantedShifts();
    generator.writePlanted(dir.resolve("planted.json"), shifts);
    return new DemoCorpus(dir, generator.written, shifts, generator.syndications);
  }

  private static void deleteJsonLines(Path dir) throws IOException {
    List<Path> old = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.jsonl")) {
      stream.forEach(old::add);
    }
    for (Path p : old) {
      Files.deleteIfExists(p);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Volume planning

  /** Splits the article total over days (weekends lighter) and then over outlets. */
  private int[][] planSlots() {
    double[] dayWeights = new double[days];
    for (int d = 0; d < days; d++) {
      DayOfWeek dow = spec.start().plusDays(d).getDayOfWeek();
      boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
      dayWeights[d] = (weekend ? WEEKEND_VOLUME : 1.0) * (0.85 + 0.3 * rnd.nextDouble());
    }
    int[] perDay = apportion(spec.articles(), dayWeights);
    int[][] slots = new int[days][];
    double[] outletWeights = new double[OUTLETS.length];
    for (int d = 0; d < days; d++) {
      for (int o = 0; o < OUTLETS.length; o++) {
        outletWeights[o] = 0.8 + 0.4 * rnd.nextDouble();
      }
      slots[d] = apportion(perDay[d], outletWeights);
    }
    return slots;
  }

  /** Largest-remainder split of {@code total} in proportion to {@code weights}. */
  private static int[] apportion(int total, double[] weights) {
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    int n = weights.length;
    int[] counts = new int[n];
    double[] fractions = new double[n];
    int assigned = 0;
    for (int i = 0; i < n; i++) {
      double exact = total * weights[i] / sum;
      counts[i] = (int) Math.floor(exact);
      fractions[i] = exact - counts[i];
      assigned += counts[i];
    }
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    // Stable sort: ties keep index order, so the split is deterministic.
    order.sort(Comparator.comparingDouble((Integer i) -> fractions[i]).reversed());
    for (int k = 0; assigned < total; k = (k + 1) % n) {
      counts[order.get(k)]++;
      assigned++;
    }
    return counts;
  }

  /** Cumulative main-subject distribution for one outlet on one day, with active shifts applied. */
  private double[] subjectCdf(int outlet, int day) {
    double[] shares = DemoVocabulary.BASELINE_SHARES[outlet].clone();
    for (ShiftPlan plan : SHIFT_PLANS) {
      if (plan.outlet() == outlet && day >= plan.offsetDays()) {
        shares[plan.subject()] = plan.shareAfter();
      }
    }
    // Only the non-planted subjects absorb a shift, so a planted theme's share before its own
    // shift stays exactly at baseline even while another theme is shifted.
    double planted = 0;
    double rest = 0;
    for (int s = 0; s < shares.length; s++) {
      if (s < PLANTABLE_SUBJECTS) {
        planted += shares[s];
      } else {
        rest += shares[s];
      }
    }
    double scale = (1.0 - planted) / rest;
    double[] cdf = new double[shares.length];
    double acc = 0;
    for (int s = 0; s < shares.length; s++) {
      acc += s < PLANTABLE_SUBJECTS ? shares[s] : shares[s] * scale;
      cdf[s] = acc;
    }
    return cdf;
  }

  private List<PlantedShift> plantedShifts() {
    List<PlantedShift> shifts = new ArrayList<>();
    for (ShiftPlan plan : SHIFT_PLANS) {
      if (plan.offsetDays() < days) {
        shifts.add(
            new PlantedShift(
                DemoVocabulary.SUBJECTS[plan.subject()],
                OUTLETS[plan.outlet()],
                spec.start().plusDays(plan.offsetDays()),
                DemoVocabulary.BASELINE_SHARES[plan.outlet()][plan.subject()],
                plan.shareAfter()));
      }
    }
    return shifts;
  }

  // ---------------------------------------------------------------------------------------------
  // Article generation

  private void writeArticles(OutletWriters writers) throws IOException {
    List<List<Article>> today = newDayBuffers();
    List<List<Article>> tomorrow = newDayBuffers();
    for (int d = 0; d < days; d++) {
      // The wire goes first so that same-day copies take their slots before other outlets fill
      // the rest with their own articles.
      for (int o = 0; o < OUTLETS.length; o++) {
        double[] cdf = subjectCdf(o, d);
        int count = freeSlots[d][o];
        freeSlots[d][o] = 0;
        for (int i = 0; i < count; i++) {
          createOriginal(o, d, cdf, today, tomorrow);
        }
      }
      for (int o = 0; o < OUTLETS.length; o++) {
        flush(today.get(o), writers.get(o));
      }
      List<List<Article>> done = today;
      today = tomorrow;
      tomorrow = done;
    }
  }

  private static List<List<Article>> newDayBuffers() {
    List<List<Article>> buffers = new ArrayList<>(OUTLETS.length);
    for (int o = 0; o < OUTLETS.length; o++) {
      buffers.add(new ArrayList<>());
    }
    return buffers;
  }

  private void createOriginal(
      int outlet, int day, double[] cdf, List<List<Article>> today, List<List<Article>> tomorrow) {
    int main = pickSubject(cdf);
    int secondary = -1;
    if (rnd.nextDouble() < SECONDARY_SUBJECT_RATE) {
      secondary = rnd.nextInt(DemoVocabulary.SUBJECTS.length - 1);
      if (secondary >= main) {
        secondary++;
      }
    }
    int minute = minuteOfDay();
    // Drawn only with background words, so that the corpus without them stays byte-identical.
    borrowed = background == null ? -1 : rnd.nextInt(background.articles());
    String[] title = title(main, secondary);
    List<String[]> body = body(main, secondary);
    Article article = new Article(outlet, day, minute, created++, title, render(null, body), null);
    today.get(outlet).add(article);
    if (outlet == WIRE && rnd.nextDouble() < SYNDICATION_RATE) {
      syndicate(article, body, today, tomorrow);
    }
  }

  /** Republishes a wire article in 1 to 3 distinct other outlets, on the same or the next day. */
  private void syndicate(
      Article original,
      List<String[]> body,
      List<List<Article>> today,
      List<List<Article>> tomorrow) {
    int copies = 1 + rnd.nextInt(3);
    int[] others = new int[OUTLETS.length - 1];
    for (int i = 0; i < others.length; i++) {
      others[i] = i + 1;
    }
    for (int c = 0; c < copies; c++) {
      // Partial Fisher-Yates: the first `copies` entries become distinct random outlets.
      int j = c + rnd.nextInt(others.length - c);
      int target = others[j];
      others[j] = others[c];
      others[c] = target;

      int day = original.day;
      int minute;
      boolean hasNextDay = original.day + 1 < days;
      if (hasNextDay && rnd.nextDouble() >= SAME_DAY_COPY_RATE) {
        day++;
        minute = minuteOfDay();
      } else {
        minute = original.minute + 10 + rnd.nextInt(240);
        if (minute >= 24 * 60) {
          if (hasNextDay) {
            day++;
            minute -= 24 * 60;
          } else {
            minute = 24 * 60 - 1;
          }
        }
      }
      // No free slot left: skip the copy so the article total stays exact.
      if (freeSlots[day][target] == 0) {
        continue;
      }
      freeSlots[day][target]--;

      String intro = null;
      if (rnd.nextDouble() < COPY_INTRO_RATE) {
        String template =
            DemoVocabulary.SYNDICATION_INTROS[
                rnd.nextInt(DemoVocabulary.SYNDICATION_INTROS.length)];
        intro = template.replace("{outlet}", DemoVocabulary.OUTLET_DISPLAY_NAMES[target]);
      }
      String[] title =
          rnd.nextDouble() < COPY_TITLE_CHANGE_RATE ? alterTitle(original.title) : original.title;
      String text = render(intro, editBody(body));
      Article copy = new Article(target, day, minute, created++, title, text, original);
      (day == original.day ? today : tomorrow).get(target).add(copy);
    }
  }

  private int pickSubject(double[] cdf) {
    double u = rnd.nextDouble() * cdf[cdf.length - 1];
    for (int s = 0; s < cdf.length - 1; s++) {
      if (u < cdf[s]) {
        return s;
      }
    }
    return cdf.length - 1;
  }

  /** Publication minute of the day; most news appears between 05:00 and 22:00 UTC. */
  private int minuteOfDay() {
    return rnd.nextDouble() < 0.85 ? 5 * 60 + rnd.nextInt(17 * 60) : rnd.nextInt(24 * 60);
  }

  /** Picks from a word list, favouring its head (triangular distribution, a rough Zipf). */
  private String skewed(String[] words) {
    return words[Math.min(rnd.nextInt(words.length), rnd.nextInt(words.length))];
  }

  private String contentWord(int main, int secondary) {
    if (borrowed >= 0 && rnd.nextDouble() < BACKGROUND_WORD_RATE) {
      return background.word(borrowed, rnd);
    }
    if (rnd.nextDouble() < SUBJECT_WORD_RATE) {
      boolean useSecondary = secondary >= 0 && rnd.nextDouble() >= MAIN_SUBJECT_WORD_SHARE;
      return skewed(DemoVocabulary.SUBJECT_WORDS[useSecondary ? secondary : main]);
    }
    return skewed(DemoVocabulary.COMMON_WORDS);
  }

  private String number() {
    switch (rnd.nextInt(4)) {
      case 0:
        return Integer.toString(2 + rnd.nextInt(998));
      case 1:
        return (1 + rnd.nextInt(60)) + "." + rnd.nextInt(10) + "%";
      case 2:
        return (1 + rnd.nextInt(90)) + " percent";
      default:
        int thousands = 1 + rnd.nextInt(99);
        int units = 1000 + rnd.nextInt(1000); // keeps the leading zeros of the last group
        return thousands + "," + Integer.toString(units).substring(1);
    }
  }

  /** Headline of 6 to 12 words, mostly main-subject words, never ending in a function word. */
  private String[] title(int main, int secondary) {
    int target = 6 + rnd.nextInt(7);
    List<String> tokens = new ArrayList<>();
    int words = 0;
    boolean prevFunction = true;
    while (words < target) {
      String token;
      if (!prevFunction && words < target - 1 && rnd.nextDouble() < 0.25) {
        token = DemoVocabulary.FUNCTION_WORDS[rnd.nextInt(DemoVocabulary.FUNCTION_WORDS.length)];
        prevFunction = true;
      } else {
        double u = rnd.nextDouble();
        String[] pool =
            u < 0.6
                ? DemoVocabulary.SUBJECT_WORDS[main]
                : (u < 0.7 && secondary >= 0)
                    ? DemoVocabulary.SUBJECT_WORDS[secondary]
                    : DemoVocabulary.COMMON_WORDS;
        token = skewed(pool);
        if (words + wordCount(token) > target || tokens.contains(token)) {
          continue;
        }
        prevFunction = false;
      }
      tokens.add(token);
      words += wordCount(token);
    }
    return fixArticles(tokens.toArray(new String[0]));
  }

  /** A copy's headline: the last word dropped or one word replaced, if that keeps it sound. */
  private String[] alterTitle(String[] title) {
    List<String> tokens = new ArrayList<>(List.of(title));
    int last = tokens.size() - 1;
    int wordsWithoutLast = -wordCount(tokens.get(last));
    for (String t : tokens) {
      wordsWithoutLast += wordCount(t);
    }
    boolean canDrop = wordsWithoutLast >= 6 && !isFunctionWord(tokens.get(last - 1));
    if (canDrop && rnd.nextBoolean()) {
      tokens.remove(last);
      return tokens.toArray(new String[0]);
    }
    for (int attempt = 0; attempt < 20; attempt++) {
      int i = 1 + rnd.nextInt(last);
      String old = tokens.get(i);
      String replacement = skewed(DemoVocabulary.COMMON_WORDS);
      if (!isFunctionWord(old)
          && wordCount(old) == wordCount(replacement)
          && !tokens.contains(replacement)) {
        tokens.set(i, replacement);
        return fixArticles(tokens.toArray(new String[0]));
      }
    }
    return title;
  }

  /** Body of 84 to about 280 words, in sentences; a {@code null} entry marks a paragraph break. */
  private List<String[]> body(int main, int secondary) {
    int target = 84 + rnd.nextInt(187);
    List<String[]> sentences = new ArrayList<>();
    int words = 0;
    int untilBreak = 2 + rnd.nextInt(3);
    while (words < target) {
      int length = MIN_SENTENCE + rnd.nextInt(MAX_SENTENCE - MIN_SENTENCE + 1);
      length = Math.min(length, Math.max(MIN_SENTENCE, target - words));
      String[] sentence = sentence(main, secondary, length);
      for (String token : sentence) {
        words += wordCount(token);
      }
      sentences.add(sentence);
      if (--untilBreak == 0 && words < target) {
        sentences.add(null);
        untilBreak = 2 + rnd.nextInt(3);
      }
    }
    return sentences;
  }

  /** A sentence of exactly {@code length} words (a phrase counts its words) ending in content. */
  private String[] sentence(int main, int secondary, int length) {
    List<String> tokens = new ArrayList<>(length);
    int words = 0;
    boolean prevFunction = false;
    String previous = "";
    while (words < length) {
      String token;
      if (!prevFunction && words < length - 1 && rnd.nextDouble() < FUNCTION_WORD_RATE) {
        token = DemoVocabulary.FUNCTION_WORDS[rnd.nextInt(DemoVocabulary.FUNCTION_WORDS.length)];
        prevFunction = true;
      } else {
        token = contentWord(main, secondary);
        if (words + wordCount(token) > length || token.equals(previous)) {
          token = contentWord(main, secondary);
        }
        while (words + wordCount(token) > length) {
          token = skewed(DemoVocabulary.COMMON_WORDS);
        }
        prevFunction = false;
      }
      tokens.add(token);
      words += wordCount(token);
      previous = token;
    }
    if (rnd.nextDouble() < NUMBER_RATE && tokens.size() > 1) {
      int i = 1 + rnd.nextInt(tokens.size() - 1);
      String number = number();
      int newWords = words - wordCount(tokens.get(i)) + wordCount(number);
      if (newWords >= MIN_SENTENCE && newWords <= MAX_SENTENCE) {
        tokens.set(i, number);
      }
    }
    return fixArticles(tokens.toArray(new String[0]));
  }

  /** A copy's body: about 3% of words replaced or dropped, and always at least one change. */
  private List<String[]> editBody(List<String[]> body) {
    List<String[]> edited = new ArrayList<>(body.size());
    int edits = 0;
    List<String> tokens = new ArrayList<>(MAX_SENTENCE);
    for (String[] sentence : body) {
      if (sentence == null) {
        edited.add(null);
        continue;
      }
      int words = 0;
      for (String token : sentence) {
        words += wordCount(token);
      }
      tokens.clear();
      for (int i = 0; i < sentence.length; i++) {
        String token = sentence[i];
        if (rnd.nextDouble() < COPY_EDIT_RATE) {
          // Edits keep the sentence within 8 to 20 words and ending in a content word; an edit
          // that would not is skipped.
          int without = words - wordCount(token);
          if (rnd.nextBoolean()) {
            if (without >= MIN_SENTENCE && i < sentence.length - 1) {
              words = without;
              edits++;
              continue;
            }
          } else {
            String replacement = skewed(DemoVocabulary.COMMON_WORDS);
            if (replacement.equals(token)) {
              replacement = "reportedly";
            }
            int with = without + wordCount(replacement);
            if (with >= MIN_SENTENCE && with <= MAX_SENTENCE) {
              tokens.add(replacement);
              words = with;
              edits++;
              continue;
            }
          }
        }
        tokens.add(token);
      }
      edited.add(fixArticles(tokens.toArray(new String[0])));
    }
    if (edits == 0) {
      forceEdit(edited);
    }
    return edited;
  }

  /** Replaces one single word after a sentence start, so a copy never equals its original. */
  private void forceEdit(List<String[]> body) {
    while (true) {
      String[] sentence = body.get(rnd.nextInt(body.size()));
      if (sentence == null) {
        continue;
      }
      int i = 1 + rnd.nextInt(sentence.length - 1);
      if (wordCount(sentence[i]) == 1) {
        sentence[i] = sentence[i].equals("reportedly") ? "apparently" : "reportedly";
        fixArticles(sentence);
        return;
      }
    }
  }

  /** Makes "a" and "an" agree with the next word, in place, and returns the tokens. */
  private static String[] fixArticles(String[] tokens) {
    for (int i = 0; i < tokens.length - 1; i++) {
      if (tokens[i].equals("a") || tokens[i].equals("an")) {
        char next = tokens[i + 1].charAt(0);
        boolean vowel = next == 'a' || next == 'e' || next == 'i' || next == 'o' || next == 'u';
        tokens[i] = vowel ? "an" : "a";
      }
    }
    return tokens;
  }

  /**
   * Renders sentences as text: capitalised first word, a period, paragraphs split by a blank line.
   */
  private String render(String intro, List<String[]> body) {
    StringBuilder sb = new StringBuilder(2048);
    if (intro != null) {
      sb.append(intro).append("\n\n");
    }
    boolean paragraphStart = true;
    for (String[] sentence : body) {
      if (sentence == null) {
        sb.append("\n\n");
        paragraphStart = true;
        continue;
      }
      if (!paragraphStart) {
        sb.append(' ');
      }
      paragraphStart = false;
      appendCapitalised(sb, sentence[0]);
      for (int i = 1; i < sentence.length; i++) {
        sb.append(' ').append(sentence[i]);
      }
      sb.append('.');
    }
    return sb.toString();
  }

  private static void appendCapitalised(StringBuilder sb, String word) {
    sb.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
  }

  private static int wordCount(String token) {
    int n = 1;
    for (int i = token.indexOf(' '); i >= 0; i = token.indexOf(' ', i + 1)) {
      n++;
    }
    return n;
  }

  private static boolean isFunctionWord(String token) {
    for (String f : DemoVocabulary.FUNCTION_WORDS) {
      if (f.equals(token)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Output

  /** Writes one outlet's articles for one day in time order, assigning ids as they are written. */
  private void flush(List<Article> articles, Writer out) throws IOException {
    articles.sort(Comparator.comparingInt((Article a) -> a.minute).thenComparingInt(a -> a.order));
    for (Article a : articles) {
      int seq = ++nextSeq[a.outlet];
      String outlet = OUTLETS[a.outlet];
      a.id = outlet.replace("-", "") + "-" + pad6(seq);
      if (a.original != null) {
        // The original was written earlier: same day with the wire flushed first, or a day before.
        syndications.add(new PlantedSyndication(a.original.id, OUTLETS[WIRE], a.id, outlet));
      }
      line.setLength(0);
      line.append("{\"id\":\"").append(a.id);
      line.append("\",\"outlet\":\"").append(outlet);
      line.append("\",\"url\":\"https://").append(outlet).append(".example/");
      line.append(urlDates[a.day]).append('/');
      appendSlug(line, a.title);
      line.append('-').append(seq);
      line.append("\",\"title\":\"");
      appendCapitalised(line, String.join(" ", a.title));
      line.append("\",\"text\":\"");
      appendEscaped(line, a.text);
      line.append("\",\"date\":\"").append(isoDates[a.day]).append('T');
      append2(line, a.minute / 60);
      line.append(':');
      append2(line, a.minute % 60);
      line.append(":00Z\"}\n");
      // Copy through a reused buffer rather than building a String per line.
      if (chars.length < line.length()) {
        chars = new char[line.length() * 2];
      }
      line.getChars(0, line.length(), chars, 0);
      out.write(chars, 0, line.length());
      written++;
    }
    articles.clear();
  }

  /** URL slug from the first eight headline tokens: lower case letters and digits joined by '-'. */
  private static void appendSlug(StringBuilder sb, String[] title) {
    boolean started = false;
    boolean dash = false;
    for (int t = 0; t < Math.min(title.length, 8); t++) {
      String token = title[t];
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
          if (dash && started) {
            sb.append('-');
          }
          sb.append(c);
          started = true;
          dash = false;
        } else {
          dash = true;
        }
      }
      dash = true;
    }
  }

  private static void append2(StringBuilder sb, int value) {
    if (value < 10) {
      sb.append('0');
    }
    sb.append(value);
  }

  private static String pad6(int value) {
    String s = Integer.toString(value);
    return s.length() >= 6 ? s : "000000".substring(s.length()) + s;
  }

  /** Appends {@code s} as the content of a JSON string: escapes quotes, backslash and controls. */
  static void appendEscaped(StringBuilder sb, String s) {
    int plain = 0; // start of the current run of characters that need no escaping
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      sb.append(s, plain, i);
      plain = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default ->
            sb.append("\\u00")
                .append(Character.forDigit(c >> 4, 16))
                .append(Character.forDigit(c & 0xF, 16));
      }
    }
    sb.append(s, plain, s.length());
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    appendEscaped(sb, s);
    return sb.append('"').toString();
  }

  private void writePlanted(Path file, List<PlantedShift> shifts) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("{\n");
      out.write("  \"spec\": {\"articles\": " + spec.articles());
      out.write(", \"start\": " + quoted(spec.start().toString()));
      out.write(", \"days\": " + spec.days() + ", \"seed\": " + spec.seed() + "},\n");
      out.write("  \"articles\": " + written + ",\n");
      out.write("  \"shifts\": [");
      for (int i = 0; i < shifts.size(); i++) {
        PlantedShift s = shifts.get(i);
        out.write(i == 0 ? "\n" : ",\n");
        out.write("    {\"theme\": " + quoted(s.theme()));
        out.write(", \"outlet\": " + quoted(s.outlet()));
        out.write(", \"from\": " + quoted(s.from().toString()));
        out.write(", \"shareBefore\": " + s.shareBefore());
        out.write(", \"shareAfter\": " + s.shareAfter() + "}");
      }
      out.write(shifts.isEmpty() ? "],\n" : "\n  ],\n");
      out.write("  \"syndications\": [");
      for (int i = 0; i < syndications.size(); i++) {
        PlantedSyndication s = syndications.get(i);
        out.write(i == 0 ? "\n" : ",\n");
        out.write("    {\"originalId\": " + quoted(s.originalId()));
        out.write(", \"originalOutlet\": " + quoted(s.originalOutlet()));
        out.write(", \"copyId\": " + quoted(s.copyId()));
        out.write(", \"copyOutlet\": " + quoted(s.copyOutlet()) + "}");
      }
      out.write(syndications.isEmpty() ? "]\n" : "\n  ]\n");
      out.write("}\n");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Helper types

  /** One planted (theme, outlet) shift, with the offset in days from the corpus start. */
  private record ShiftPlan(int subject, int outlet, int offsetDays, double shareAfter) {}

  /** An article waiting in its day buffer; the id is assigned when it is written. */
  private static final class Article {
    final int outlet;
    final int day;
    final int minute;
    final int order;
    final String[] title;
    final String text;
    final Article original;
    String id;

    Article(
        int outlet, int day, int minute, int order, String[] title, String text, Article original) {
      this.outlet = outlet;
      this.day = day;
      this.minute = minute;
      this.order = order;
      this.title = title;
      this.text = text;
      this.original = original;
    }
  }

  /** The per-outlet output files, closed together. */
  private static final class OutletWriters implements Closeable {
    private final Writer[] writers = new Writer[OUTLETS.length];

    OutletWriters(Path dir) throws IOException {
      try {
        for (int o = 0; o < OUTLETS.length; o++) {
          Path file = dir.resolve("articles-" + OUTLETS[o] + ".jsonl");
          writers[o] =
              new BufferedWriter(
                  new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                  1 << 16);
        }
      } catch (IOException e) {
        try {
          close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    Writer get(int outlet) {
      return writers[outlet];
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (Writer w : writers) {
        if (w == null) {
          continue;
        }
        try {
          w.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
