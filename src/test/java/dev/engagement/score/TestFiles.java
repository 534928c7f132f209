package dev.engagement.score;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Damage done to files on purpose, as storage and interrupted uploads do it. */
public final class TestFiles {
  private TestFiles() {}

  /**
   * Cuts a file to half its bytes, as an interrupted upload leaves it, and drops the local file
   * system's checksum of it, as object stores keep none.
   */
  public static void truncate(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    Files.deleteIfExists(file.resolveSibling("." + file.getFileName() + ".crc"));
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));
  }
}
