package dev.engagement.score.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.model.UserInputException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Strict parsing of one CSV file, without Spark. */
@Tag("fast")
class CsvTextTest {
  private static final CsvText.Source WEIGHTS =
      new CsvText.Source("weights", "file:/x/w.csv", "weights.path (--weights)");

  private static Optional<CsvText> parse(String text) {
    return CsvText.parse(text.getBytes(StandardCharsets.UTF_8), WEIGHTS);
  }

  private static List<List<String>> rows(String text) {
    return parse(text).orElseThrow().rows().stream().map(Arrays::asList).toList();
  }

  @Test
  void aRowWithMoreFieldsThanTheHeaderFailsWithTheLineAndTheFix() {
    assertThatThrownBy(() -> parse("event_type,weight\nrefund,-5\nlogin,1,5\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: line 3 has 3 fields but the header has 2:"
                + " login,1,5. A value that contains a comma must be quoted (\"1,5\"), and decimals"
                + " use a dot (1.5). Fix the file given by weights.path (--weights).");
    assertThatThrownBy(() -> parse("event_type,weight\nlogin,1,\n"))
        .as("a trailing comma is one more, empty, field")
        .hasMessageStartingWith(
            "Cannot read weights from file:/x/w.csv: line 2 has 3 fields but the header has 2:"
                + " login,1,.");
  }

  @Test
  void aRowWithFewerFieldsThanTheHeaderFailsWithTheLineAndTheFix() {
    assertThatThrownBy(() -> parse("event_type,weight,category\nlogin,1,product\nrefund\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: line 3 has 1 field but the header has 3:"
                + " refund. Every row needs a value for each column (an empty value is nothing"
                + " between two commas), and a value that contains a line break must be quoted."
                + " Fix the file given by weights.path (--weights).");
  }

  @Test
  void quotedValuesHoldCommasQuotesAndLineBreaks() {
    CsvText csv =
        parse("event_type,note\n\"a,b\",\"say \"\"hi\"\"\"\n\"multi\nline\",lo\"ose\n")
            .orElseThrow();
    assertThat(csv.header()).containsExactly("event_type", "note");
    assertThat(csv.rows().stream().map(List::of))
        .containsExactly(List.of("a,b", "say \"hi\""), List.of("multi\nline", "lo\"ose"));
  }

  @Test
  void valuesAreKeptAsWrittenAndAnEmptyOneIsNull() {
    assertThat(rows("a,b,c,d\n x , 1.50 ,,\"\"\n"))
        .containsExactly(Arrays.asList(" x ", " 1.50 ", null, null));
  }

  @Test
  void blankLinesAByteOrderMarkAndCrlfAreFine() {
    assertThat(parse("\uFEFFevent_type,weight\r\n\r\nlogin,1\r\n   \r\nrefund,\"-2\r\n5\"\r\n\r\n"))
        .hasValueSatisfying(
            csv -> {
              assertThat(csv.header()).containsExactly("event_type", "weight");
              assertThat(csv.rows().stream().map(List::of))
                  .containsExactly(List.of("login", "1"), List.of("refund", "-2\n5"));
            });
    assertThat(rows("a,b\rx,1\ry,2")).containsExactly(List.of("x", "1"), List.of("y", "2"));
  }

  @Test
  void lineNumbersCountBlankLinesAndPointAtWhereARecordStarts() {
    // Line 2 is a quoted value over lines 2 and 3, line 4 is blank: the bad record is on line 5.
    String text = "event_type,weight\n\"multi\nline\",1\n\nlogin,1,5\n";
    assertThatThrownBy(() -> parse(text)).hasMessageContaining(": line 5 has 3 fields");
    assertThatThrownBy(() -> parse(text.replace("\n", "\r\n")))
        .hasMessageContaining(": line 5 has 3 fields but the header has 2: login,1,5.");
    assertThatThrownBy(() -> parse("event_type,weight\nlogin,\"1\n2\",3\n"))
        .hasMessageContaining(": line 2 has 3 fields but the header has 2: login,\"1\n2\",3.");
  }

  @Test
  void anEmptyOrBlankFileHasNoTable() {
    assertThat(parse("")).isEmpty();
    assertThat(parse("\n  \r\n")).isEmpty();
    assertThat(parse("\uFEFF")).isEmpty();
    assertThat(parse("event_type,weight\n").orElseThrow().rows()).isEmpty();
  }

  @Test
  void aHeaderWithAnEmptyOrRepeatedNameFails() {
    assertThatThrownBy(() -> parse("event_type,,weight\nlogin,x,1\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: the header has no name for column 2:"
                + " event_type,,weight. Name every column (e.g. event_type,weight). Fix the file"
                + " given by weights.path (--weights).");
    assertThatThrownBy(() -> parse("event_type,weight,Weight\nlogin,1,2\n"))
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: the header names column 'weight' twice:"
                + " event_type,weight,Weight. Give every column its own name (names are not"
                + " case-sensitive). Fix the file given by weights.path (--weights).");
  }

  @Test
  void quotesMustBeClosedAndDoubledInsideAQuotedValue() {
    // Left open, the quote would take the rest of the file as one value: two fields, no error.
    assertThatThrownBy(() -> parse("event_type,weight\nlogin,\"1\nrefund,2\n"))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: line 2 opens a quoted value that is never"
                + " closed: login,\"1\nrefund,2. Close it with a quote, and double a quote that is"
                + " part of a value (\"say \"\"hi\"\"\"). Fix the file given by weights.path"
                + " (--weights).");
    assertThatThrownBy(() -> parse("event_type,weight\nlogin,1\n\"log\"in\",2\n"))
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: line 3 has a quote inside a quoted value:"
                + " \"log\"in\",2. Double a quote that is part of a value (\"say \"\"hi\"\"\")."
                + " Fix the file given by weights.path (--weights).");
  }

  @Test
  void textThatIsNotUtf8FailsWithItsLine() {
    byte[] latin1 = "event_type,weight\nlogin,1\ncafé,2\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> CsvText.parse(latin1, WEIGHTS))
        .isInstanceOf(UserInputException.class)
        .hasMessage(
            "Cannot read weights from file:/x/w.csv: line 3 is not UTF-8 text (byte 0xE9). Save"
                + " the file given by weights.path (--weights) as UTF-8 (in Excel: CSV UTF-8).");
  }
}
