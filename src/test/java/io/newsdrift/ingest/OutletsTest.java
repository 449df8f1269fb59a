package io.newsdrift.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OutletsTest {
  private final Outlets outlets = new Outlets(Map.of("nytimes.com", "New York Times"), "unknown");

  @Test
  void domainsAreNormalised() {
    assertThat(Outlets.domain("https://WWW.TheRegister.com/2021/11/16/x"))
        .contains("theregister.com");
    assertThat(Outlets.domain("latimes.com/business")).contains("latimes.com");
    assertThat(Outlets.domain("not a url at all ::")).isEmpty();
  }

  @Test
  void fieldThenDomainThenDatelineThenDefault() {
    assertThat(outlets.resolve("Reuters", "https://nytimes.com/a", "").outlet())
        .isEqualTo("Reuters");
    assertThat(outlets.resolve(null, "https://www.nytimes.com/a", "").outlet())
        .isEqualTo("New York Times");
    Outlets.Resolved wire =
        outlets.resolve(
            null, null, "By Guy Faulconbridge\n\nMOSCOW/BEIJING (Reuters) -Russian President ...");
    assertThat(wire.outlet()).isEqualTo("Reuters");
    assertThat(wire.namedInDateline()).isTrue();
    assertThat(outlets.resolve(" ", null, "Putin arrived in Beijing on Thursday.").outlet())
        .isEqualTo("unknown");
  }
}
