package io.newsdrift.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextCleaningTest {
  @Test
  void stripsMarkupScriptsEntitiesAndControlCharacters() {
    String raw =
        "<html><head><style>p{}</style><script>var x=1;</script></head><body><p>Oil &amp; gas"
            + "\u0000 prices&nbsp;rose&#8212;again</p><div>Second\tpara</div></body></html>";
    assertThat(TextCleaning.clean(raw))
        .isEqualTo("Oil & gas prices rose\u2014again\n\nSecond para");
  }

  @Test
  void leavesPlainTextAlone() {
    assertThat(TextCleaning.clean("Rates < 5% and > 2%, said A&B.\r\nNext line."))
        .isEqualTo("Rates < 5% and > 2%, said A&B.\nNext line.");
  }
}
