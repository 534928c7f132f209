package dev.engagement.score.core.table;

import com.univocity.parsers.common.TextParsingException;
import com.univocity.parsers.csv.CsvParser;
import com.univocity.parsers.csv.CsvParserSettings;
import com.univocity.parsers.csv.UnescapedQuoteHandling;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One CSV file of a small table, parsed strictly: a header naming every column once, then records
 * of exactly as many fields. Spark's CSV reader is permissive (an extra field is dropped, a missing
 * one is null), which turned a decimal comma ({@code login,1,5}) into a wrong weight without a
 * word; here every such row fails with its line and the likely fix.
 *
 * <p>The format is RFC 4180 in UTF-8: a UTF-8 byte-order mark is ignored; lines end with LF, CRLF
 * or CR (a line break inside a quoted value is read as LF, so the same table saved on Windows is
 * the same table); blank lines, and lines of spaces only, are skipped; a value in double quotes may
 * hold commas, line breaks and doubled quotes. Values are kept as written, not trimmed, and an
 * empty value, quoted or not, is null, as Spark's reader made it.
 *
 * @param header the column names, in file order
 * @param rows each record's values, as many as the header has
 */
record CsvText(List<String> header, List<String[]> rows) {
  /** Spark's own limit ({@code maxColumns}): univocity needs one. */
  private static final int MAX_FIELDS = 20480;

  /** Longer rows are cut in messages: an unclosed quote can take the rest of the file. */
  private static final int SHOWN_CHARS = 200;

  /**
   * Where a file's text comes from, for messages.
   *
   * @param what what the table holds, e.g. "weights"
   * @param file the file (or the directory of parts), fully qualified
   * @param setting the key (and flag) of the table's path, e.g. "weights.path (--weights)"
   */
  record Source(String what, String file, String setting) {
    /** "Cannot read weights from file:/w.csv: ", the problem and its fix. */
    UserInputException fail(String problemAndFix) {
      return new UserInputException(message(problemAndFix));
    }

    /** A problem with the file's content: the message ends by naming the setting. */
    UserInputException invalid(String problem) {
      return fail(problem + " Fix the file given by " + setting + ".");
    }

    UserInputException unreadable(IOException e) {
      return new UserInputException(
          message(e.getMessage() + ". Check " + setting + " and that the job may read it."), e);
    }

    private String message(String problemAndFix) {
      return "Cannot read " + what + " from " + file + ": " + problemAndFix;
    }
  }

  /** The file's records, or nothing when it has no header (it is empty or blank). */
  static Optional<CsvText> parse(byte[] bytes, Source source) {
    String text = normalized(utf8(bytes, source));
    CsvParser parser = new CsvParser(settings());
    parser.beginParsing(new StringReader(text));
    Lines lines = new Lines(text);
    List<String> header = null;
    List<String[]> rows = new ArrayList<>();
    try {
      String[] record;
      while ((record = parser.parseNext()) != null) {
        String content = parser.getContext().currentParsedContent();
        if (record.length == 1 && content.isBlank()) {
          continue;
        }
        int line = lines.start((int) parser.getContext().currentChar(), content.length());
        String shown = shown(content);
        if (insideQuotes(content)) {
          throw source.invalid(
              "line "
                  + line
                  + " opens a quoted value that is never closed: "
                  + shown
                  + ". Close it with a quote, and double a quote that is part of a value"
                  + " (\"say \"\"hi\"\"\").");
        }
        if (header == null) {
          header = header(record, shown, source);
        } else if (record.length != header.size()) {
          throw source.invalid(fieldCount(line, record.length, header.size(), shown));
        } else {
          rows.add(record);
        }
      }
    } catch (TextParsingException e) {
      throw source.invalid(parseError(e, lines));
    } finally {
      parser.stopParsing();
    }
    return header == null ? Optional.empty() : Optional.of(new CsvText(header, rows));
  }

  private static CsvParserSettings settings() {
    CsvParserSettings settings = new CsvParserSettings();
    settings.getFormat().setDelimiter(',');
    settings.getFormat().setQuote('"');
    settings.getFormat().setQuoteEscape('"');
    settings.getFormat().setLineSeparator("\n");
    // No comment lines: a '#' starts a value, as with Spark's reader.
    settings.getFormat().setComment('\0');
    settings.setIgnoreLeadingWhitespaces(false);
    settings.setIgnoreTrailingWhitespaces(false);
    settings.setNullValue(null);
    settings.setEmptyValue(null);
    settings.setSkipEmptyLines(true);
    settings.setMaxCharsPerColumn(-1);
    settings.setMaxColumns(MAX_FIELDS);
    settings.setUnescapedQuoteHandling(UnescapedQuoteHandling.RAISE_ERROR);
    return settings;
  }

  /** The file's text: strict UTF-8, so that a Latin-1 file fails instead of reading as '?'. */
  private static String utf8(byte[] bytes, Source source) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(in)
          .toString();
    } catch (CharacterCodingException e) {
      // The decoder stops at the first byte it cannot decode.
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        line += bytes[i] == '\n' ? 1 : 0;
      }
      throw source.fail(
          String.format(
              Locale.ROOT,
              "line %d is not UTF-8 text (byte 0x%02X). Save the file given by %s as UTF-8 (in"
                  + " Excel: CSV UTF-8).",
              line,
              bytes[at],
              source.setting()));
    }
  }

  private static String normalized(String text) {
    String withoutMark = text.startsWith("\uFEFF") ? text.substring(1) : text;
    return withoutMark.replace("\r\n", "\n").replace('\r', '\n');
  }

  private static List<String> header(String[] names, String shown, Source source) {
    Map<String, String> seen = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null) {
        throw source.invalid(
            "the header has no name for column "
                + (i + 1)
                + ": "
                + shown
                + ". Name every column (e.g. event_type,weight).");
      }
      // Spark resolves column names case-insensitively: 'weight' and 'Weight' would clash.
      String earlier = seen.putIfAbsent(names[i].toLowerCase(Locale.ROOT), names[i]);
      if (earlier != null) {
        throw source.invalid(
            "the header names column '"
                + earlier
                + "' twice: "
                + shown
                + ". Give every column its own name (names are not case-sensitive).");
      }
    }
    return List.of(names);
  }

  private static String fieldCount(int line, int fields, int columns, String shown) {
    String problem =
        "line "
            + line
            + " has "
            + fields
            + (fields == 1 ? " field" : " fields")
            + " but the header has "
            + columns
            + ": "
            + shown
            + ". ";
    return problem
        + (fields > columns
            ? "A value that contains a comma must be quoted (\"1,5\"), and decimals use a dot"
                + " (1.5)."
            : "Every row needs a value for each column (an empty value is nothing between two"
                + " commas), and a value that contains a line break must be quoted.");
  }

  private static String parseError(TextParsingException e, Lines lines) {
    int line = (int) e.getLineIndex() + 1;
    String shown = shown(lines.text(line));
    if (e.getCause() instanceof ArrayIndexOutOfBoundsException) {
      return "line " + line + " has more than " + MAX_FIELDS + " fields: " + shown + ".";
    }
    return "line "
        + line
        + " has a quote inside a quoted value: "
        + shown
        + ". Double a quote that is part of a value (\"say \"\"hi\"\"\").";
  }

  /**
   * Whether a record's text ends inside a quoted value: univocity then takes the rest of the file
   * as that value, which could otherwise pass for a row with the right number of fields.
   */
  private static boolean insideQuotes(String record) {
    boolean quoted = false;
    boolean fieldStart = true;
    for (int i = 0; i < record.length(); i++) {
      char c = record.charAt(i);
      if (quoted && c == '"') {
        boolean doubled = i + 1 < record.length() && record.charAt(i + 1) == '"';
        quoted = doubled;
        i += doubled ? 1 : 0;
      } else if (!quoted && c == '"' && fieldStart) {
        quoted = true;
      }
      fieldStart = !quoted && c == ',';
    }
    return quoted;
  }

  /** A row as it appears in the file, without its line break. */
  private static String shown(String row) {
    String text = row.endsWith("\n") ? row.substring(0, row.length() - 1) : row;
    return text.length() > SHOWN_CHARS ? text.substring(0, SHOWN_CHARS) + "..." : text;
  }

  /** Line numbers of positions in the text, counted as the parser moves forward. */
  private static final class Lines {
    private final String text;
    private int offset;
    private int line = 1;

    Lines(String text) {
      this.text = text;
    }

    /**
     * The 1-based line on which a record starts, given where it ends and its length: the line of a
     * quoted value with line breaks is where the record begins.
     */
    int start(int end, int length) {
      int start = end - length;
      int startLine = line + count(offset, start);
      line = startLine + count(start, end);
      offset = end;
      return startLine;
    }

    /** The text of a 1-based line. */
    String text(int number) {
      String[] all = text.split("\n", -1);
      return number <= all.length ? all[number - 1] : "";
    }

    private int count(int from, int to) {
      int n = 0;
      for (int i = from; i < to; i++) {
        n += text.charAt(i) == '\n' ? 1 : 0;
      }
      return n;
    }
  }
}
