package dev.engagement.score.core.table;

import dev.engagement.score.model.UserInputException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.client.HdfsClientConfigKeys;
import org.apache.hadoop.security.UserGroupInformation;

/**
 * Where a path really points, so that two spellings of one place compare equal.
 *
 * @param fileSystem scheme and authority in lower case, as Hadoop's file system cache keys them,
 *     e.g. {@code file:} or {@code hdfs://nn}
 * @param path absolute, without {@code .}, {@code ..}, repeated or trailing slashes; on the local
 *     file system with symlinks resolved
 * @param glob the rest of a read path from its first segment with a glob character, shown in
 *     messages but not compared (empty for a plain path)
 */
record QualifiedPath(String fileSystem, String path, String glob) {
  private static final String GLOB_CHARACTERS = "*?[{";

  /**
   * Qualifies a path as Hadoop would, without contacting any service.
   *
   * <p>A local path goes through the local file system ({@code makeQualified}, then {@link
   * java.nio.file.Path#toRealPath} on its longest existing prefix). Other file systems are not
   * created: creating one may resolve host names, fetch credentials or reach a name node, and this
   * check runs before Spark touches anything. Their paths are normalized as URIs instead, the
   * scheme must still name a file system class Hadoop knows, host aliases are not resolved, and an
   * explicit HDFS default port is dropped (DistributedFileSystem's canonical URI adds it).
   *
   * @param read whether Spark reads the path, and so may expand globs in it
   */
  static QualifiedPath of(Configuration conf, String setting, String raw, boolean read) {
    Path given;
    try {
      given = new Path(raw);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(
          setting
              + " = "
              + raw
              + " is not a valid path ("
              + e.getMessage()
              + "): give a local path or a URI such as hdfs://namenode/data/events.",
          e);
    }
    String glob = read ? globTail(given) : "";
    Path literal = glob.isEmpty() ? given : globDirectory(given, glob);
    URI defaultUri = FileSystem.getDefaultUri(conf);
    String scheme = literal.toUri().getScheme();
    scheme = scheme == null ? defaultUri.getScheme() : scheme;
    requireKnownFileSystem(conf, setting, raw, scheme);
    try {
      return "file".equals(scheme)
          ? local(conf, literal, glob)
          : remote(literal, scheme, defaultUri, glob);
    } catch (IOException | IllegalArgumentException e) {
      throw new UserInputException(
          "Cannot qualify "
              + setting
              + " = "
              + raw
              + ": "
              + e.getMessage()
              + ". Check the path and that the job may list the directories on the way to it.",
          e);
    }
  }

  /** Whether {@code other} is this path or lies inside it, by whole path segments. */
  boolean contains(QualifiedPath other) {
    String directory = path.endsWith("/") ? path : path + "/";
    return fileSystem.equals(other.fileSystem)
        && (path.equals(other.path) || other.path.startsWith(directory));
  }

  @Override
  public String toString() {
    if (glob.isEmpty()) {
      return fileSystem + path;
    }
    return fileSystem + (path.endsWith("/") ? path : path + "/") + glob;
  }

  private static void requireKnownFileSystem(
      Configuration conf, String setting, String raw, String scheme) {
    try {
      FileSystem.getFileSystemClass(scheme, conf);
    } catch (IOException | RuntimeException e) {
      // Configuration.getClass wraps a missing connector class (fs.s3a.impl set by Hadoop's
      // defaults, hadoop-aws absent) in a bare RuntimeException.
      throw new UserInputException(
          setting
              + " = "
              + raw
              + " is on a file system the job does not know ("
              + e.getMessage()
              + "): use a scheme Hadoop supports (file, hdfs, s3a, abfss, gs, ...) and put its"
              + " connector on the classpath.",
          e);
    }
  }

  /** From the segment with the first glob character on, e.g. {@code *.json} or {@code d=2*}. */
  private static String globTail(Path given) {
    String path = given.toUri().getPath();
    int first = indexOfGlob(path);
    return first < 0 ? "" : path.substring(path.lastIndexOf('/', first) + 1);
  }

  private static int indexOfGlob(String path) {
    for (int i = 0; i < path.length(); i++) {
      if (GLOB_CHARACTERS.indexOf(path.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /** The directory a glob searches: a glob in a segment can match any name there. */
  private static Path globDirectory(Path given, String glob) {
    URI uri = given.toUri();
    String directory = uri.getPath().substring(0, uri.getPath().length() - glob.length());
    return new Path(uri.getScheme(), uri.getAuthority(), directory.isEmpty() ? "." : directory);
  }

  private static QualifiedPath local(Configuration conf, Path literal, String glob)
      throws IOException {
    URI qualified = literal.getFileSystem(conf).makeQualified(literal).toUri();
    String authority = qualified.getAuthority() == null ? "" : "//" + qualified.getAuthority();
    return new QualifiedPath("file:" + authority, realPath(qualified.getPath()), glob);
  }

  /**
   * Resolves symlinks in the longest existing prefix and appends the rest as given: an output table
   * is often created by the run itself.
   */
  private static String realPath(String absolute) throws IOException {
    java.nio.file.Path full = Paths.get(absolute);
    java.nio.file.Path existing = full;
    while (!Files.exists(existing)) {
      existing = existing.getParent();
    }
    return existing.toRealPath().resolve(existing.relativize(full)).toString();
  }

  private static QualifiedPath remote(Path literal, String scheme, URI defaultUri, String glob)
      throws IOException {
    URI uri = literal.toUri();
    String authority = uri.getAuthority();
    if (authority == null && scheme.equals(defaultUri.getScheme())) {
      authority = defaultUri.getAuthority();
    }
    authority = authority == null ? "" : authority.toLowerCase(Locale.ROOT);
    String defaultPort = ":" + HdfsClientConfigKeys.DFS_NAMENODE_RPC_PORT_DEFAULT;
    if ("hdfs".equals(scheme) && authority.endsWith(defaultPort)) {
      authority = authority.substring(0, authority.length() - defaultPort.length());
    }
    Path absolute = literal.isUriPathAbsolute() ? literal : new Path(home(), literal);
    String prefix = scheme.toLowerCase(Locale.ROOT) + ":" + (authority.isEmpty() ? "" : "//");
    return new QualifiedPath(prefix + authority, absolute.toUri().getPath(), glob);
  }

  /** The working directory of HDFS and S3A, against which they resolve a relative path. */
  private static Path home() throws IOException {
    return new Path("/user/" + UserGroupInformation.getCurrentUser().getShortUserName());
  }
}
