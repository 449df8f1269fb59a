package io.newsdrift.testing;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.SourceSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * A small random news dump, generated from a seed: a few outlets that re-send article ids on later
 * days, carry one text under several ids, republish each other's stories word for word or nearly,
 * and mix in the known kinds of bad record, spread over JSON lines, CSV, Parquet and text files
 * (some gzip'd, one now and then truncated). Each dump draws its words, outlets and ids from names
 * of its own, so many dumps can be ingested in one run without touching each other.
 *
 * <p>A dump is a list of {@link Item}s, each placed in a file; {@link #write} lays them out. Tests
 * shrink a failing dump by writing it again with fewer items.
 */
public final class RandomDump {
  /** A raw record's fields, or a bad record of a named kind (then the fields are ignored). */
  public record Item(
      InputFormat format,
      int file,
      String bad,
      String id,
      String outlet,
      String url,
      String title,
      String text,
      String date) {
    @Override
    public String toString() {
      String where = format.cliName() + "#" + file;
      if (bad != null) {
        return where + " BAD " + bad;
      }
      String shortText = text.length() > 60 ? text.substring(0, 60) + "..." : text;
      return String.format(
          Locale.ROOT,
          "%s id=%s outlet=%s url=%s title='%s' date=%s text='%s' (%d chars)",
          where,
          id,
          outlet,
          url,
          title,
          date,
          shortText,
          text.length());
    }
  }

  /**
   * A written file: its path under the dump's folder, and the record positions the readers must
   * report for it ({@code exact}), or, for files damaged in ways whose record count the reader
   * decides (a truncated gzip, a quote never closed), at least one and at most {@code records + 1}.
   */
  public record WrittenFile(String relative, List<Long> positions, boolean exact) {}

  private static final String[] BAD_JSONL = {
    "broken_json",
    "not_an_object",
    "invalid_utf8",
    "missing_date",
    "bad_date",
    "future_date",
    "ancient_date",
    "empty_text",
    "too_short"
  };
  private static final String[] BAD_CSV = {
    "column_count",
    "unclosed_quote",
    "invalid_utf8",
    "missing_date",
    "bad_date",
    "empty_text",
    "too_short"
  };
  private static final String[] BAD_PARQUET = {"missing_date", "bad_date", "empty_text"};
  private static final String[] BAD_TEXT = {"empty_file", "undated", "invalid_utf8"};
  private static final InputFormat[] FORMATS = {
    InputFormat.JSONL, InputFormat.CSV, InputFormat.PARQUET, InputFormat.TEXT
  };

  private final long seed;
  private final String tag;
  private final List<Item> items;
  private final Map<String, Boolean> gzipped;
  private final String truncated;

  private RandomDump(
      long seed, String tag, List<Item> items, Map<String, Boolean> gzipped, String truncated) {
    this.seed = seed;
    this.tag = tag;
    this.items = List.copyOf(items);
    this.gzipped = Map.copyOf(gzipped);
    this.truncated = truncated;
  }

  public long seed() {
    return seed;
  }

  public List<Item> items() {
    return items;
  }

  /** The same dump with other items (for shrinking); files keep their compression. */
  public RandomDump withItems(List<Item> fewer) {
    return new RandomDump(seed, tag, fewer, gzipped, truncated);
  }

  /** The dump of a seed; {@code index} makes its names unlike those of other dumps in a batch. */
  public static RandomDump generate(long seed, int index) {
    Random rnd = new Random(seed);
    String tag = letters(index + 26 * 26) + "q";
    List<String> words = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      words.add(tag + letters(i + 26));
    }
    int outletCount = 1 + rnd.nextInt(3);
    List<String> outlets = new ArrayList<>();
    for (int i = 0; i < outletCount; i++) {
      outlets.add(tag + "news" + letters(i));
    }
    List<String> stories = new ArrayList<>();
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      StringBuilder sb = new StringBuilder();
      for (int w = 0, len = 25 + rnd.nextInt(50); w < len; w++) {
        sb.append(w == 0 ? "" : " ").append(words.get(rnd.nextInt(words.size())));
      }
      stories.add(sb.toString());
    }
    List<LocalDate> days = new ArrayList<>();
    for (int i = 0, n = 1 + rnd.nextInt(4); i < n; i++) {
      days.add(LocalDate.of(2022, 2, 1).plusDays(rnd.nextInt(20)));
    }
    List<InputFormat> formats = new ArrayList<>();
    for (InputFormat f : FORMATS) {
      if (rnd.nextInt(3) > 0) {
        formats.add(f);
      }
    }
    if (formats.isEmpty()) {
      formats.add(FORMATS[rnd.nextInt(FORMATS.length)]);
    }

    List<Item> items = new ArrayList<>();
    int textFiles = 0;
    for (int i = 0, n = 2 + rnd.nextInt(10); i < n; i++) {
      InputFormat format = formats.get(rnd.nextInt(formats.size()));
      int file = format == InputFormat.TEXT ? textFiles++ : rnd.nextInt(2);
      if (rnd.nextInt(6) == 0) {
        String[] kinds =
            switch (format) {
              case JSONL -> BAD_JSONL;
              case CSV -> BAD_CSV;
              case PARQUET -> BAD_PARQUET;
              case TEXT -> BAD_TEXT;
            };
        items.add(
            new Item(
                format,
                file,
                kinds[rnd.nextInt(kinds.length)],
                null,
                outlets.get(0),
                null,
                "",
                "",
                null));
        continue;
      }
      Item earlier = items.isEmpty() ? null : items.get(rnd.nextInt(items.size()));
      Item base =
          earlier != null && earlier.bad() == null && rnd.nextInt(2) == 0
              ? earlier
              : fresh(rnd, tag, outlets, stories, days, words);
      Item item = mutate(rnd, base, tag, outlets, stories, days, words);
      // Patterns chain in real feeds (a text under another id, that id re-sent a week later).
      if (rnd.nextInt(3) == 0) {
        item = mutate(rnd, item, tag, outlets, stories, days, words);
      }
      items.add(
          new Item(
              format,
              file,
              null,
              item.id(),
              item.outlet(),
              item.url(),
              item.title(),
              item.text(),
              item.date()));
    }
    Map<String, Boolean> gzipped = new TreeMap<>();
    String truncated = null;
    for (Item it : items) {
      String key = it.format().cliName() + it.file();
      if (!gzipped.containsKey(key)) {
        gzipped.put(key, it.format() != InputFormat.PARQUET && rnd.nextInt(4) == 0);
        // A gzip stream or a Parquet file cut short (an upload that did not finish).
        boolean cuttable =
            gzipped.get(key) && it.format() != InputFormat.TEXT
                || it.format() == InputFormat.PARQUET;
        if (cuttable && truncated == null) {
          truncated = rnd.nextInt(it.format() == InputFormat.PARQUET ? 12 : 4) == 0 ? key : null;
        }
      }
    }
    return new RandomDump(seed, tag, items, gzipped, truncated);
  }

  private static Item mutate(
      Random rnd,
      Item base,
      String tag,
      List<String> outlets,
      List<String> stories,
      List<LocalDate> days,
      List<String> words) {
    return switch (rnd.nextInt(7)) {
      case 0 -> base; // the same record again
      case 1 -> withDate(base, date(rnd, days)); // the id re-sent on another day
      case 2 -> withId(base, tag + "id" + rnd.nextInt(6)); // the text under another id
      case 3 -> withText(base, stories.get(rnd.nextInt(stories.size()))); // other words
      case 4 -> withOutlet(base, outlets.get(rnd.nextInt(outlets.size()))); // syndication
      case 5 -> withText(base, nearCopy(rnd, base.text(), words)); // a light edit
      default ->
          withTitle(
              base, rnd.nextBoolean() ? "" : "Update " + words.get(rnd.nextInt(words.size())));
    };
  }

  private static Item fresh(
      Random rnd,
      String tag,
      List<String> outlets,
      List<String> stories,
      List<LocalDate> days,
      List<String> words) {
    String outlet = outlets.get(rnd.nextInt(outlets.size()));
    String id = rnd.nextInt(4) == 0 ? null : tag + "id" + rnd.nextInt(6);
    String url =
        rnd.nextInt(5) == 0 ? "https://" + outlet + ".example/" + tag + rnd.nextInt(6) : null;
    String title =
        rnd.nextInt(4) == 0
            ? ""
            : words.get(rnd.nextInt(words.size())) + " " + words.get(rnd.nextInt(words.size()));
    return new Item(
        null,
        0,
        null,
        id,
        outlet,
        url,
        title,
        stories.get(rnd.nextInt(stories.size())),
        date(rnd, days));
  }

  /** A date in one of the forms real feeds use; the same instant may come in several forms. */
  private static String date(Random rnd, List<LocalDate> days) {
    LocalDate day = days.get(rnd.nextInt(days.size()));
    Instant at = day.atStartOfDay(ZoneOffset.UTC).plusHours(rnd.nextInt(3) * 6L).toInstant();
    return switch (rnd.nextInt(4)) {
      case 0 -> day.toString();
      case 1 -> at.toString();
      case 2 -> Long.toString(at.getEpochSecond());
      default ->
          DateTimeFormatter.ofPattern("MMMM d, yyyy hh:mm a", Locale.ENGLISH)
              .format(at.atOffset(ZoneOffset.UTC));
    };
  }

  private static String nearCopy(Random rnd, String text, List<String> words) {
    String[] w = text.split(" ");
    for (int i = 0, edits = 1 + rnd.nextInt(3); i < edits; i++) {
      w[rnd.nextInt(w.length)] = words.get(rnd.nextInt(words.size()));
    }
    return String.join(" ", w);
  }

  private static Item withDate(Item b, String date) {
    return new Item(null, 0, null, b.id(), b.outlet(), b.url(), b.title(), b.text(), date);
  }

  private static Item withId(Item b, String id) {
    return new Item(null, 0, null, id, b.outlet(), null, b.title(), b.text(), b.date());
  }

  private static Item withText(Item b, String text) {
    return new Item(null, 0, null, b.id(), b.outlet(), b.url(), b.title(), text, b.date());
  }

  private static Item withOutlet(Item b, String outlet) {
    return new Item(null, 0, null, b.id(), outlet, null, b.title(), b.text(), b.date());
  }

  private static Item withTitle(Item b, String title) {
    return new Item(null, 0, null, b.id(), b.outlet(), b.url(), title, b.text(), b.date());
  }

  /** Base-26 letters, so that generated words are words to every tokenizer. */
  private static String letters(int n) {
    StringBuilder sb = new StringBuilder();
    do {
      sb.append((char) ('a' + n % 26));
      n /= 26;
    } while (n > 0);
    return sb.reverse().toString();
  }

  /** The mapping of each format's files: defaults, and for text files the outlet from the path. */
  public static Mapping mapping(InputFormat format) {
    return format == InputFormat.TEXT
        ? Mapping.fromMap(Map.of("path_pattern", "{outlet}/*/*.txt"), "random dump")
        : Mapping.defaults();
  }

  /** One source per format the dump uses, each a folder under {@code root}. */
  public List<SourceSpec> sources(Path root) {
    return items.stream()
        .map(Item::format)
        .distinct()
        .sorted()
        .map(f -> new SourceSpec(root.resolve(f.cliName()).toString(), f, mapping(f)))
        .toList();
  }

  /** Writes the dump's files under {@code root} (which may hold other dumps' files too). */
  public List<WrittenFile> write(Path root) throws IOException {
    Map<String, List<Item>> byFile = new LinkedHashMap<>();
    for (Item it : items) {
      byFile.computeIfAbsent(it.format().cliName() + it.file(), k -> new ArrayList<>()).add(it);
    }
    List<WrittenFile> out = new ArrayList<>();
    for (Map.Entry<String, List<Item>> e : byFile.entrySet()) {
      List<Item> fileItems = e.getValue();
      InputFormat format = fileItems.get(0).format();
      boolean gz = gzipped.getOrDefault(e.getKey(), false);
      String ext = gz ? ".gz" : "";
      out.add(
          switch (format) {
            case JSONL -> jsonl(root, tag + "-" + e.getKey() + ".jsonl" + ext, fileItems, e);
            case CSV -> csv(root, tag + "-" + e.getKey() + ".csv" + ext, fileItems, e);
            case PARQUET ->
                parquet(root, tag + "-" + e.getKey() + ".parquet", fileItems, e.getKey());
            case TEXT -> text(root, fileItems.get(0), ext);
          });
    }
    return out;
  }

  private WrittenFile jsonl(
      Path root, String name, List<Item> fileItems, Map.Entry<String, List<Item>> e)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    List<Long> positions = new ArrayList<>();
    long line = 0;
    for (Item it : fileItems) {
      if (Math.floorMod(Long.hashCode(seed) + (int) line, 5) == 0) {
        buf.writeBytes(utf8("   \n")); // a blank line is no record
        line++;
      }
      buf.writeBytes(jsonLine(it));
      buf.write('\n');
      positions.add(++line);
    }
    return finish(root, root.resolve("jsonl").resolve(name), buf, positions, e.getKey());
  }

  private static byte[] jsonLine(Item it) {
    if (it.bad() == null) {
      return utf8(json(it.id(), it.outlet(), it.url(), it.title(), it.text(), it.date()));
    }
    return switch (it.bad()) {
      case "broken_json" -> utf8("{\"id\": \"x\", \"title\": broken");
      case "not_an_object" -> utf8("[1, 2, 3]");
      case "invalid_utf8" ->
          concat(
              utf8("{\"id\":\"u\",\"title\":\"Caf"), new byte[] {(byte) 0xC3, 0x28}, utf8("\"}"));
      case "missing_date" -> utf8(json(null, it.outlet(), null, "No date", "some words", null));
      case "bad_date" ->
          utf8(json(null, it.outlet(), null, "Bad date", "some words", "the other day"));
      case "future_date" ->
          utf8(json(null, it.outlet(), null, "Future", "some words", "2999-01-01"));
      case "ancient_date" ->
          utf8(json(null, it.outlet(), null, "Ancient", "some words", "1066-10-14"));
      case "empty_text" -> utf8(json(null, it.outlet(), null, "", "   ", "2022-02-03"));
      case "too_short" -> utf8(json(null, it.outlet(), null, "Hi", null, "2022-02-03"));
      default -> throw new IllegalArgumentException(it.bad());
    };
  }

  private static String json(
      String id, String outlet, String url, String title, String text, String date) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("id", id);
    f.put("outlet", outlet);
    f.put("url", url);
    f.put("title", title);
    f.put("text", text);
    f.put("date", date);
    StringBuilder sb = new StringBuilder("{");
    f.forEach(
        (k, v) -> {
          if (v != null) {
            sb.append(sb.length() > 1 ? "," : "")
                .append('"')
                .append(k)
                .append("\":\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append('"');
          }
        });
    return sb.append('}').toString();
  }

  private WrittenFile csv(
      Path root, String name, List<Item> fileItems, Map.Entry<String, List<Item>> e)
      throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    buf.writeBytes(utf8("id,outlet,url,title,text,date\n"));
    List<Long> positions = new ArrayList<>();
    boolean exact = true;
    long record = 0;
    for (Item it : fileItems) {
      positions.add(++record);
      if (it.bad() == null) {
        // A text with a line break in it is quoted over two lines, as real exports do.
        String text = it.text().length() > 80 ? it.text().replaceFirst(" ", "\n") : it.text();
        buf.writeBytes(utf8(csvLine(it.id(), it.outlet(), it.url(), it.title(), text, it.date())));
        continue;
      }
      switch (it.bad()) {
        case "column_count" -> buf.writeBytes(utf8("x," + it.outlet() + ",too few\n"));
        case "unclosed_quote" -> {
          buf.writeBytes(utf8("q," + it.outlet() + ",,\"Never closed,some words,2022-02-03\n"));
          exact = false;
        }
        case "invalid_utf8" ->
            buf.writeBytes(
                concat(
                    utf8("i," + it.outlet() + ",,Bad "),
                    new byte[] {(byte) 0xFF, (byte) 0xFE},
                    utf8(" bytes,some words here,2022-02-03\n")));
        case "missing_date" ->
            buf.writeBytes(utf8(csvLine(null, it.outlet(), null, "No date", "some words", null)));
        case "bad_date" ->
            buf.writeBytes(
                utf8(csvLine(null, it.outlet(), null, "Bad", "some words", "31/31/2022")));
        case "empty_text" ->
            buf.writeBytes(utf8(csvLine(null, it.outlet(), null, "", "", "2022-02-03")));
        case "too_short" ->
            buf.writeBytes(utf8(csvLine(null, it.outlet(), null, "Hi", "", "2022-02-03")));
        default -> throw new IllegalArgumentException(it.bad());
      }
    }
    WrittenFile f = finish(root, root.resolve("csv").resolve(name), buf, positions, e.getKey());
    return exact ? f : new WrittenFile(f.relative(), f.positions(), false);
  }

  private static String csvLine(String... values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.length; i++) {
      String v = values[i] == null ? "" : values[i];
      sb.append(i == 0 ? "" : ",");
      if (v.contains(",") || v.contains("\"") || v.contains("\n")) {
        sb.append('"').append(v.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(v);
      }
    }
    return sb.append('\n').toString();
  }

  private WrittenFile parquet(Path root, String name, List<Item> fileItems, String key)
      throws IOException {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message article { optional binary id (UTF8); optional binary outlet (UTF8);"
                + " optional binary url (UTF8); optional binary title (UTF8);"
                + " optional binary text (UTF8); optional binary date (UTF8); }");
    Path file = root.resolve("parquet").resolve(name);
    Files.createDirectories(file.getParent());
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    List<Long> positions = new ArrayList<>();
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withType(schema)
            .withConf(new Configuration())
            .build()) {
      long row = 0;
      for (Item it : fileItems) {
        positions.add(++row);
        Group g = groups.newGroup();
        String[] values =
            it.bad() == null
                ? new String[] {it.id(), it.outlet(), it.url(), it.title(), it.text(), it.date()}
                : switch (it.bad()) {
                  case "missing_date" ->
                      new String[] {null, it.outlet(), null, "No date", "some words", null};
                  case "bad_date" ->
                      new String[] {null, it.outlet(), null, "Bad", "some words", "soon"};
                  case "empty_text" -> new String[] {null, it.outlet(), null, "", "", "2022-02-03"};
                  default -> throw new IllegalArgumentException(it.bad());
                };
        String[] names = {"id", "outlet", "url", "title", "text", "date"};
        for (int i = 0; i < names.length; i++) {
          if (values[i] != null) {
            g.add(names[i], values[i]);
          }
        }
        writer.write(g);
      }
    }
    boolean cut = key.equals(truncated);
    if (cut) {
      byte[] bytes = Files.readAllBytes(file);
      Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
    }
    return new WrittenFile(root.relativize(file).toString(), positions, !cut);
  }

  private WrittenFile text(Path root, Item it, String ext) throws IOException {
    // One article a file: <outlet>/<night>/<id>.txt, so that an id can come again on another night.
    String night = "n" + it.file();
    String name = (it.bad() == null && it.id() != null ? it.id() : tag + "f" + it.file()) + ".txt";
    Path file = root.resolve("text").resolve(it.outlet()).resolve(night).resolve(name + ext);
    byte[] bytes;
    if (it.bad() == null) {
      String day = dayOf(it.date());
      bytes = utf8(" date " + day + " " + it.title() + "\n" + it.text());
    } else {
      bytes =
          switch (it.bad()) {
            case "empty_file" -> new byte[0];
            case "undated" -> utf8("No date line here\nsome words of a body");
            case "invalid_utf8" ->
                concat(utf8(" date 2022-02-03 Bad\n"), new byte[] {(byte) 0xC0, (byte) 0x80});
            default -> throw new IllegalArgumentException(it.bad());
          };
    }
    Files.createDirectories(file.getParent());
    Files.write(file, ext.isEmpty() ? bytes : gzip(bytes));
    // The text reader numbers the one record of a file 0: the file itself.
    return new WrittenFile(root.relativize(file).toString(), List.of(0L), true);
  }

  /** The UTC day of a date in any of the forms {@link #date} writes. */
  private static String dayOf(String date) {
    if (date.matches("\\d{4}-\\d{2}-\\d{2}")) {
      return date;
    }
    if (date.matches("\\d+")) {
      return Instant.ofEpochSecond(Long.parseLong(date)).atOffset(ZoneOffset.UTC).toLocalDate()
          + "";
    }
    if (date.contains("T")) {
      return date.substring(0, 10);
    }
    return java.time.LocalDateTime.parse(
            date, DateTimeFormatter.ofPattern("MMMM d, yyyy hh:mm a", Locale.ENGLISH))
        .toLocalDate()
        .toString();
  }

  private WrittenFile finish(
      Path root, Path file, ByteArrayOutputStream buf, List<Long> positions, String key)
      throws IOException {
    Files.createDirectories(file.getParent());
    boolean gz = gzipped.getOrDefault(key, false);
    byte[] bytes = gz ? gzip(buf.toByteArray()) : buf.toByteArray();
    boolean cut = key.equals(truncated);
    if (cut) {
      bytes = Arrays.copyOf(bytes, bytes.length * 2 / 3);
    }
    Files.write(file, bytes);
    return new WrittenFile(root.relativize(file).toString(), positions, !cut);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    }
    return buf.toByteArray();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Every item, one a line, with the seed: what a failing test prints. */
  public String describe() {
    StringBuilder sb = new StringBuilder("dump of seed " + seed + " (" + items.size() + " items):");
    for (Item it : items) {
      sb.append("\n  ").append(it);
    }
    return sb.toString();
  }
}
