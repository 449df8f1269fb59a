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

  @Test
  void foldingBlankSpaceMatchesTheRegexDefinition() {
    // The rule, as regexes: space runs to one space, no space around line breaks, at most one
    // blank line. The one-pass fold must agree with it on every string over these characters.
    String alphabet = "  \u00A0\n\nab";
    java.util.Random random = new java.util.Random(11);
    for (int trial = 0; trial < 20_000; trial++) {
      StringBuilder sb = new StringBuilder();
      for (int i = random.nextInt(12); i > 0; i--) {
        sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String s = sb.toString();
      String expected =
          s.replaceAll("[ \u00A0]+", " ")
              .replaceAll(" *\n *", "\n")
              .replaceAll("\n{3,}", "\n\n")
              .strip();
      assertThat(TextCleaning.foldBlankSpace(s).strip()).as("'%s'", s).isEqualTo(expected);
    }
  }
}
