package io.newsdrift.demo;

import java.nio.file.Path;
import java.util.List;

/**
 * A demo corpus written by {@link DemoCorpusGenerator}: the directory holding the {@code
 * articles-<outlet>.jsonl} files and {@code planted.json}, the number of articles written (copies
 * included), and the shifts and syndications that were planted, for checking analysis results.
 */
public record DemoCorpus(
    Path dir, long articles, List<PlantedShift> shifts, List<PlantedSyndication> syndications) {
  public DemoCorpus {
    shifts = List.copyOf(shifts);
    syndications = List.copyOf(syndications);
  }
}
