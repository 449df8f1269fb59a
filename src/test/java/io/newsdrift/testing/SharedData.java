package io.newsdrift.testing;

import io.newsdrift.config.InputFormat;
import io.newsdrift.config.Mapping;
import io.newsdrift.config.SourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real corpora in {@code ../shared/data} beside the project. Tests that need them fail loudly
 * when the folder is missing (in CI above all): a skipped check would pass for the wrong reason.
 */
public final class SharedData {
  private SharedData() {}

  public static Path root() {
    String configured = System.getProperty("newsdrift.shared.data", "../shared/data");
    Path root = Path.of(configured).toAbsolutePath().normalize();
    if (!Files.isDirectory(root.resolve("recovery")) || !Files.isDirectory(root.resolve("seeds"))) {
      throw new AssertionError(
          "the shared corpora are missing: expected ../shared/data (recovery/, seeds/, fwd-news/,"
              + " reuters21578/) beside the project, looked in "
              + root
              + " (set -Dnewsdrift.shared.data=DIR to point elsewhere)");
    }
    return root;
  }

  public static Path resolve(String relative) {
    Path p = root().resolve(relative);
    if (!Files.exists(p)) {
      throw new AssertionError("missing shared corpus file " + p);
    }
    return p;
  }

  /** fwd-news headlines: domain as outlet, the link as id and URL, unix-seconds timestamps. */
  public static SourceSpec fwdNews() {
    return new SourceSpec(
        resolve("fwd-news/headlines.jsonl").toString(),
        InputFormat.JSONL,
        Mapping.fromMap(
            Map.of("id", "link", "outlet", "domain", "url", "link", "date", "timestamp"), "test"));
  }

  /** The field names of the ReCOVery CSV files. */
  public static Mapping recoveryMapping() {
    return Mapping.fromMap(
        Map.of("id", "news_id", "outlet", "publisher", "body", "body_text", "date", "publish_date"),
        "test");
  }
}
