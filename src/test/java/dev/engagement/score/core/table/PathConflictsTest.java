package dev.engagement.score.core.table;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.engagement.score.core.table.PathConflicts.Use;
import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.UserGroupInformation;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fast")
class PathConflictsTest {
  private static final String EVENTS = "events.path (--events)";
  private static final String CUSTOMERS = "customers.path (--customers)";
  private static final String OUTPUT = "output.path (--output)";
  private static final String REJECTS = "rejects.path (--rejects)";
  private static final String AUDIT = "audit.path (--audit)";
  private static final String READ = "the job would write where it reads";
  private static final String WRITE = "the job would write one output into another";

  @TempDir Path dir;
  private final Configuration conf = new Configuration();
  // The temporary directory may itself lie under a symlink (/tmp on macOS); messages show it
  // resolved.
  private String root;

  @BeforeEach
  void createEventsDirectory() throws IOException {
    root = dir.toRealPath().toString();
    Files.createDirectories(dir.resolve("events"));
  }

  private AbstractThrowableAssert<?, ?> refused(List<Use> reads, List<Use> writes) {
    return assertThatThrownBy(() -> PathConflicts.check(conf, reads, writes))
        .isInstanceOf(UserInputException.class);
  }

  private void allowed(String why, List<Use> reads, List<Use> writes) {
    assertThatCode(() -> PathConflicts.check(conf, reads, writes))
        .as(why)
        .doesNotThrowAnyException();
  }

  private static String conflict(String subject, String relation, String other, String why) {
    String setting = subject.substring(0, subject.indexOf(" = "));
    return String.format(
        "%s %s %s: %s. Give %s a path of its own, outside every input and output path.",
        subject, relation, other, why, setting);
  }

  @Test
  void rejectsEqualToEventsIsRefusedNamingBothSettings() {
    String events = root + "/events";
    refused(List.of(new Use(EVENTS, events)), List.of(new Use(REJECTS, events)))
        .as("issue 18: rejects written into the events directory")
        .hasMessage(
            "rejects.path (--rejects) = file:%s/events is the same as events.path (--events) ="
                + " file:%s/events: the job would write where it reads. Give rejects.path"
                + " (--rejects) a path of its own, outside every input and output path.",
            root, root);
  }

  @Test
  void aWriteInsideAReadIsRefused() {
    refused(
            List.of(new Use(EVENTS, root + "/events")),
            List.of(new Use(REJECTS, root + "/events/rejects")))
        .as("rejects in a subdirectory of events")
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/events/rejects",
                "lies inside",
                EVENTS + " = file:" + root + "/events",
                READ));
  }

  @Test
  void aWriteContainingAReadIsRefused() {
    refused(List.of(new Use(EVENTS, root + "/events")), List.of(new Use(OUTPUT, root)))
        .as("output table in the parent of the events directory")
        .hasMessage(
            conflict(
                OUTPUT + " = file:" + root,
                "contains",
                EVENTS + " = file:" + root + "/events",
                READ));
  }

  @Test
  void aSharedNamePrefixIsNotNesting() {
    allowed(
        "/events2 and /event are siblings of /events, not inside or around it",
        List.of(new Use(EVENTS, root + "/events")),
        List.of(new Use(REJECTS, root + "/events2"), new Use(OUTPUT, root + "/event")));
  }

  @Test
  void trailingSlashesDoNotHideEquality() {
    refused(
            List.of(new Use(EVENTS, root + "/events/")),
            List.of(new Use(REJECTS, root + "/events")))
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/events",
                "is the same as",
                EVENTS + " = file:" + root + "/events",
                READ));
  }

  @Test
  void dotsAndDoubleSlashesAreNormalized() {
    List<Use> reads = List.of(new Use(EVENTS, root + "/events"));
    for (String spelling :
        List.of(
            root + "/other/../events", root + "/./events", root + "//events", root + "/events/.")) {
      refused(reads, List.of(new Use(REJECTS, spelling)))
          .as("rejects spelled %s", spelling)
          .hasMessage(
              conflict(
                  REJECTS + " = file:" + root + "/events",
                  "is the same as",
                  EVENTS + " = file:" + root + "/events",
                  READ));
    }
  }

  @Test
  void aRelativePathIsTheAbsolutePathUnderTheWorkingDirectory() throws IOException {
    String cwd = Paths.get("").toRealPath().toString();
    refused(
            List.of(new Use(EVENTS, "target/path-conflicts/events")),
            List.of(new Use(REJECTS, cwd + "/target/path-conflicts/events/rejects")))
        .hasMessage(
            conflict(
                REJECTS + " = file:" + cwd + "/target/path-conflicts/events/rejects",
                "lies inside",
                EVENTS + " = file:" + cwd + "/target/path-conflicts/events",
                READ));
  }

  @Test
  void theFileSchemeEqualsNoScheme() {
    refused(
            List.of(new Use(EVENTS, "file://" + root + "/events")),
            List.of(new Use(REJECTS, "file:" + root + "/events")))
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/events",
                "is the same as",
                EVENTS + " = file:" + root + "/events",
                READ));
  }

  @Test
  void aSymlinkToTheEventsDirectoryIsTheEventsDirectory() throws IOException {
    Files.createSymbolicLink(dir.resolve("rejects-link"), dir.resolve("events"));
    refused(
            List.of(new Use(EVENTS, root + "/events")),
            List.of(new Use(REJECTS, root + "/rejects-link")))
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/events",
                "is the same as",
                EVENTS + " = file:" + root + "/events",
                READ));
  }

  @Test
  void aSymlinkedParentDirectoryIsFollowed() throws IOException {
    Files.createDirectories(dir.resolve("store/events"));
    Files.createSymbolicLink(dir.resolve("mnt"), dir.resolve("store"));
    refused(
            List.of(new Use(EVENTS, root + "/mnt/events")),
            List.of(new Use(REJECTS, root + "/store/events/rejects")))
        .as("events read through the link, rejects written through the real directory")
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/store/events/rejects",
                "lies inside",
                EVENTS + " = file:" + root + "/store/events",
                READ));
  }

  @Test
  void aPathNotYetCreatedUnderASymlinkIsResolvedThroughIt() throws IOException {
    Files.createDirectories(dir.resolve("store"));
    Files.createSymbolicLink(dir.resolve("mnt"), dir.resolve("store"));
    refused(
            List.of(),
            List.of(
                new Use(OUTPUT, root + "/store/scores/table"),
                new Use(REJECTS, root + "/mnt/scores/table")))
        .as("neither table exists yet; both would be created in store/scores")
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/store/scores/table",
                "is the same as",
                OUTPUT + " = file:" + root + "/store/scores/table",
                WRITE));
  }

  @Test
  void twoEqualWritesAreRefused() {
    refused(
            List.of(new Use(EVENTS, root + "/events")),
            List.of(
                new Use(OUTPUT, root + "/scores"),
                new Use(REJECTS, root + "/out"),
                new Use(AUDIT, root + "/out/")))
        .hasMessage(
            conflict(
                AUDIT + " = file:" + root + "/out",
                "is the same as",
                REJECTS + " = file:" + root + "/out",
                WRITE));
  }

  @Test
  void aWriteInsideAnotherWriteIsRefused() {
    refused(
            List.of(),
            List.of(new Use(OUTPUT, root + "/scores"), new Use(REJECTS, root + "/scores/_rejects")))
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/scores/_rejects",
                "lies inside",
                OUTPUT + " = file:" + root + "/scores",
                WRITE));
  }

  @Test
  void readsMayOverlapAndASettingNeverConflictsWithItself() {
    allowed(
        "customers in the events directory; the score table read back before it is written",
        List.of(
            new Use(EVENTS, root + "/events"),
            new Use(CUSTOMERS, root + "/events/"),
            new Use(OUTPUT, root + "/scores")),
        List.of(new Use(OUTPUT, root + "/scores")));
  }

  @Test
  void aReadGlobIsComparedAsTheDirectoryItSearches() {
    refused(
            List.of(new Use(EVENTS, root + "/events/day=2026-*/part-*.json")),
            List.of(new Use(REJECTS, root + "/events/rejects")))
        .as("the glob could match files under events/rejects")
        .hasMessage(
            conflict(
                REJECTS + " = file:" + root + "/events/rejects",
                "lies inside",
                EVENTS + " = file:" + root + "/events/day=2026-*/part-*.json",
                READ));
  }

  @Test
  void hdfsPathsAreComparedWithoutContactingTheNameNode() {
    // No host "nn" exists: qualifying through DistributedFileSystem would fail or hang.
    refused(
            List.of(new Use(EVENTS, "hdfs://NN:8020/data//events/")),
            List.of(new Use(REJECTS, "hdfs://nn/data/events/rejects")))
        .as("host case and the default port 8020 do not matter")
        .hasMessage(
            conflict(
                REJECTS + " = hdfs://nn/data/events/rejects",
                "lies inside",
                EVENTS + " = hdfs://nn/data/events",
                READ));
    allowed(
        "another port, another name node or the local file system is another place",
        List.of(new Use(EVENTS, "hdfs://nn/data/events")),
        List.of(
            new Use(REJECTS, "hdfs://nn:9000/data/events"),
            new Use(OUTPUT, "hdfs://other/data/events"),
            new Use(AUDIT, "file:/data/events")));
  }

  @Test
  void pathsWithoutSchemeAreOnTheDefaultFileSystem() throws IOException {
    conf.set("fs.defaultFS", "hdfs://nn:8020");
    String home = "/user/" + UserGroupInformation.getCurrentUser().getShortUserName();
    refused(List.of(new Use(EVENTS, "/data/events")), List.of(new Use(OUTPUT, "hdfs:///data")))
        .hasMessage(
            conflict(
                OUTPUT + " = hdfs://nn/data",
                "contains",
                EVENTS + " = hdfs://nn/data/events",
                READ));
    refused(
            List.of(new Use(EVENTS, "events")),
            List.of(new Use(REJECTS, "hdfs://nn" + home + "/events")))
        .as("a relative path on HDFS lies in the user's home directory")
        .hasMessage(
            conflict(
                REJECTS + " = hdfs://nn" + home + "/events",
                "is the same as",
                EVENTS + " = hdfs://nn" + home + "/events",
                READ));
  }

  @Test
  void objectStorePathsNestByWholeSegmentsWithinOneBucket() {
    // hadoop-aws is not on the test classpath. The check only asks that the scheme names a file
    // system class, and never creates it, so any class stands in for S3AFileSystem here.
    conf.set("fs.s3a.impl", "org.apache.hadoop.fs.RawLocalFileSystem");
    refused(
            List.of(new Use(EVENTS, "s3a://bucket/a")),
            List.of(new Use(REJECTS, "s3a://Bucket/a/b")))
        .hasMessage(
            conflict(
                REJECTS + " = s3a://bucket/a/b",
                "lies inside",
                EVENTS + " = s3a://bucket/a",
                READ));
    allowed(
        "different buckets, or a shared name prefix, are apart",
        List.of(new Use(EVENTS, "s3a://bucket/a")),
        List.of(new Use(REJECTS, "s3a://bucket/ab"), new Use(OUTPUT, "s3a://other/a")));
  }

  @Test
  void anUnknownSchemeIsRefusedNamingTheSetting() {
    refused(List.of(new Use(EVENTS, "nosuch://bucket/events")), List.of())
        .hasMessage(
            "events.path (--events) = nosuch://bucket/events is on a file system the job does not"
                + " know (No FileSystem for scheme \"nosuch\"): use a scheme Hadoop supports"
                + " (file, hdfs, s3a, abfss, gs, ...) and put its connector on the classpath.");
  }

  @Test
  void aMissingConnectorIsRefusedNamingTheSetting() {
    // Hadoop's defaults map s3a to S3AFileSystem, which hadoop-aws would provide.
    refused(List.of(), List.of(new Use(OUTPUT, "s3a://bucket/scores")))
        .hasMessageStartingWith(
            "output.path (--output) = s3a://bucket/scores is on a file system the job does not"
                + " know (")
        .hasMessageContaining("S3AFileSystem not found");
  }

  @Test
  void anUnparsablePathIsRefusedNamingTheSetting() {
    refused(List.of(), List.of(new Use(REJECTS, "://rejects")))
        .hasMessage(
            "rejects.path (--rejects) = ://rejects is not a valid path"
                + " (java.net.URISyntaxException: Expected scheme name at index 0: ://rejects):"
                + " give a local path or a URI such as hdfs://namenode/data/events.");
  }
}
