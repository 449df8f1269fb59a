package io.newsdrift.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoVocabularyTest {
  @Test
  void listsLoadInFileOrderWithPhrasesOnOneLine() {
    assertEquals(DemoVocabulary.SUBJECTS.length, DemoVocabulary.SUBJECT_WORDS.length);
    assertEquals("ukraine", DemoVocabulary.SUBJECT_WORDS[DemoVocabulary.UKRAINE][0]);
    assertEquals("said", DemoVocabulary.COMMON_WORDS[0]);
    assertEquals(62, DemoVocabulary.FUNCTION_WORDS.length, "repeats are kept");
    assertEquals(5, DemoVocabulary.SYNDICATION_INTROS.length);
    assertTrue(DemoVocabulary.SYNDICATION_INTROS[0].contains(" {outlet} "));
  }

  @Test
  void subjectListsAreLowerCaseAndDisjointFromEachOtherAndTheCommonPool() {
    Map<String, String> owner = new HashMap<>();
    for (String w : DemoVocabulary.COMMON_WORDS) {
      owner.put(w, "common");
    }
    for (int s = 0; s < DemoVocabulary.SUBJECTS.length; s++) {
      String subject = DemoVocabulary.SUBJECTS[s];
      for (String w : DemoVocabulary.SUBJECT_WORDS[s]) {
        assertEquals(w.toLowerCase(Locale.ROOT), w, subject);
        String before = owner.put(w, subject);
        assertTrue(before == null, () -> "'" + w + "' is in " + before + " and " + subject);
      }
    }
  }

  @Test
  void aMissingListNamesItsResource() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DemoVocabulary.lines("no-such-list.txt"));
    assertEquals("missing class-path resource io/newsdrift/demo/no-such-list.txt", e.getMessage());
  }
}
