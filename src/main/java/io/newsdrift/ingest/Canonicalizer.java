package io.newsdrift.ingest;

import io.newsdrift.config.IngestConfig;
import io.newsdrift.config.Mapping;
import io.newsdrift.schema.Cols;
import io.newsdrift.schema.Hashes;
import io.newsdrift.text.LanguageDetection;
import io.newsdrift.text.Words;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw record to canonical article, or to a reject with a reason code. Every raw row yields exactly
 * one outcome row with {@code status} {@code accepted} or {@code rejected}; nothing is dropped.
 *
 * <p>Reason codes: those of the readers ({@code bad_json}, {@code invalid_utf8}, {@code
 * csv_parse_error}, {@code column_count_mismatch}, {@code record_too_large}, {@code
 * unreadable_input}) and {@code empty_text}, {@code too_short}, {@code too_long}, {@code
 * missing_date}, {@code bad_date}, {@code implausible_date}, {@code future_date}.
 */
public final class Canonicalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final String STATUS = "status";
  public static final String ACCEPTED = "accepted";
  public static final String REJECTED = "rejected";
  public static final String DATELINE_OUTLET = "dateline_outlet";

  /** Outcome rows: the article's columns, or a reject's, and the status that says which. */
  public static final StructType SCHEMA =
      new StructType()
          .add(STATUS, DataTypes.StringType, false)
          .add(Cols.ARTICLE_ID, DataTypes.StringType, true)
          .add(Cols.OUTLET, DataTypes.StringType, true)
          .add(Cols.URL, DataTypes.StringType, true)
          .add(Cols.TITLE, DataTypes.StringType, true)
          .add(Cols.TEXT, DataTypes.StringType, true)
          .add(Cols.PUBLISHED_AT, DataTypes.TimestampType, true)
          .add(Cols.DATE, DataTypes.DateType, true)
          .add(Cols.LANGUAGE, DataTypes.StringType, true)
          .add(Cols.WORD_COUNT, DataTypes.IntegerType, true)
          .add(Cols.CONTENT_HASH, DataTypes.StringType, true)
          .add(DATELINE_OUTLET, DataTypes.BooleanType, true)
          .add(Cols.SOURCE_URI, DataTypes.StringType, false)
          .add(Cols.RECORD_POSITION, DataTypes.LongType, false)
          .add(Cols.RAW_EXCERPT, DataTypes.StringType, true)
          .add(Cols.REASON, DataTypes.StringType, true)
          .add(Cols.MESSAGE, DataTypes.StringType, true);

  private final Mapping mapping;
  private final IngestConfig config;
  private final LocalDate latestDate;
  private final DateParsing dates;
  private final Outlets outlets;

  /**
   * @param logicalDate the run's date: publication dates more than {@code max_future_days} after it
   *     are rejected
   */
  public Canonicalizer(Mapping mapping, IngestConfig config, LocalDate logicalDate) {
    this.mapping = mapping;
    this.config = config;
    this.latestDate = logicalDate.plusDays(config.maxFutureDays());
    this.dates = new DateParsing(mapping.dateFormats());
    this.outlets = new Outlets(config.outletAliases(), config.defaultOutlet());
  }

  /**
   * The outcome of every raw row ({@link io.newsdrift.io.RawRecord#SCHEMA}), as {@link #SCHEMA}.
   */
  public Dataset<Row> apply(SparkSession spark, JavaRDD<Row> raw) {
    return spark.createDataFrame(raw.map(this::outcome), SCHEMA);
  }

  Row outcome(Row raw) {
    String uri = raw.getString(0);
    long position = raw.getLong(1);
    String excerpt = raw.isNullAt(3) ? null : raw.getString(3);
    if (!raw.isNullAt(4)) {
      return reject(uri, position, excerpt, raw.getString(4), raw.getString(5));
    }
    Map<String, String> fields = raw.getJavaMap(2);
    return canonical(uri, position, excerpt, fields);
  }

  Row canonical(String uri, long position, String excerpt, Map<String, String> fields) {
    String title = TextCleaning.clean(fields.get(mapping.title()));
    String text = "";
    for (String f : mapping.body()) {
      String body = fields.get(f);
      if (body != null && !body.isBlank()) {
        text = body;
        break;
      }
    }
    if (text.length() > config.maxTextChars()) {
      return reject(
          uri,
          position,
          excerpt,
          "too_long",
          "body has "
              + text.length()
              + " characters, more than ingest.max_text_chars="
              + config.maxTextChars());
    }
    text = TextCleaning.clean(text);
    if (title.indexOf('\uFFFD') >= 0 || text.indexOf('\uFFFD') >= 0) {
      return reject(uri, position, excerpt, "invalid_utf8", "text holds bytes that are not UTF-8");
    }
    if (title.isEmpty() && text.isEmpty()) {
      return reject(
          uri,
          position,
          excerpt,
          "empty_text",
          "no title and no body in fields " + mapping.title() + ", " + mapping.body());
    }
    String combined = title.isEmpty() ? text : text.isEmpty() ? title : title + "\n\n" + text;
    List<String> words = Words.split(combined);
    if (words.size() < config.minWords()) {
      return reject(
          uri,
          position,
          excerpt,
          "too_short",
          words.size() + " words, fewer than ingest.min_words=" + config.minWords());
    }
    String rawDate = fields.get(mapping.date());
    if (rawDate == null || rawDate.isBlank()) {
      return reject(
          uri,
          position,
          excerpt,
          "missing_date",
          "no value in date field '" + mapping.date() + "'");
    }
    Optional<Instant> published = dates.parse(rawDate);
    if (published.isEmpty()) {
      return reject(
          uri,
          position,
          excerpt,
          "bad_date",
          "cannot parse date '" + RawText.bounded(rawDate, 80) + "'");
    }
    LocalDate date = published.get().atOffset(ZoneOffset.UTC).toLocalDate();
    if (date.isBefore(config.minDate())) {
      return reject(
          uri,
          position,
          excerpt,
          "implausible_date",
          "date " + date + " is before ingest.min_date=" + config.minDate());
    }
    if (date.isAfter(latestDate)) {
      return reject(
          uri,
          position,
          excerpt,
          "future_date",
          "date " + date + " is after " + latestDate + " (logical date + ingest.max_future_days)");
    }
    String url = blankToNull(fields.get(mapping.url()));
    Outlets.Resolved outlet =
        outlets.resolve(fields.get(mapping.outlet()), url, text.isEmpty() ? title : text);
    String contentHash = Hashes.sha256(String.join(" ", words)).substring(0, 32);
    String sourceId = blankToNull(fields.get(mapping.id()));
    String identity =
        url != null ? "url:" + url : sourceId != null ? "id:" + sourceId : "content:" + contentHash;
    String articleId = Hashes.sha256(outlet.outlet() + "\n" + identity).substring(0, 32);
    return RowFactory.create(
        Canonicalizer.ACCEPTED,
        articleId,
        outlet.outlet(),
        url,
        title,
        text,
        published.get(),
        date,
        LanguageDetection.detect(combined, words),
        words.size(),
        contentHash,
        outlet.namedInDateline(),
        uri,
        position,
        null,
        null,
        null);
  }

  private static Row reject(
      String uri, long position, String excerpt, String reason, String message) {
    return RowFactory.create(
        REJECTED, null, null, null, null, null, null, null, null, null, null, null, uri, position,
        excerpt, reason, message);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** Small helpers for messages. */
  static final class RawText {
    private RawText() {}

    static String bounded(String s, int max) {
      return s.length() <= max ? s : s.substring(0, max) + "...";
    }
  }
}
