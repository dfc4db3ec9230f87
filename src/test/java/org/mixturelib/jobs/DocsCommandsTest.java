package org.mixturelib.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mixturelib.support.Fixtures;

/**
 * The job commands of README.md and docs/*.md as a reader copies them: every {@code
 * jobs/fit.sh} and {@code jobs/predict.sh} line of a code block (usage synopses aside) parses;
 * those whose inputs exist here ({@code ../shared/data}) run through {@link Main} with their
 * outputs in a temporary folder, and where the page shows the printed output (the next code
 * block, up to a line "...") it is what the job prints. Also: the Java 17 flags that
 * getting-started gives are pom.xml's.
 */
class DocsCommandsTest {
  @TempDir
  static Path dir;

  /** Options whose value is a path the job writes. */
  private static final Set<String> WRITES = Set.of("--output", "--report", "--checkpoint");
  private static final Pattern BLOCK = Pattern.compile("(?ms)^```[a-z]*\\n(.*?)^```\\n");

  /** One command with the code block that follows it on its page. */
  private record Command(String page, List<String> args, String shownOutput) {}

  private static List<Path> pages() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Paths.get("README.md")));
    try (Stream<Path> s = Files.list(Paths.get("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    return pages;
  }

  /** The job commands of a page, continuation lines joined, synopses skipped. */
  private static List<Command> commands(Path page) throws IOException {
    String text = Files.readString(page);
    List<String> blocks = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    List<Command> out = new ArrayList<>();
    for (int b = 0; b < blocks.size(); b++) {
      String joined = blocks.get(b).replace("\\\n", " ");
      for (String line : joined.lines().map(String::strip).toList()) {
        int at = line.indexOf("jobs/");
        if (at < 0 || !line.substring(at).matches("jobs/(fit|predict)\\.sh .*")
            || line.contains("[") || line.contains("{") || line.contains("...")) {
          continue;
        }
        List<String> words = words(line.substring(at));
        String next = b + 1 < blocks.size() ? blocks.get(b + 1) : "";
        boolean shows = next.startsWith("Mixture of") || next.startsWith("Model selection");
        out.add(new Command(page.toString(), words, shows ? next : null));
      }
    }
    return out;
  }

  /** Shell words: blanks separate, double quotes group. */
  private static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out;
  }

  @Test
  void everyJobCommandParsesRunsWhereItCanAndPrintsWhatThePageShows() throws IOException {
    Path shared = Fixtures.shared();
    Map<String, String> written = new HashMap<>();
    int ran = 0;
    int compared = 0;
    int parsed = 0;
    for (Path page : pages()) {
      for (Command c : commands(page)) {
        String job = c.args().get(0).contains("fit") ? "fit" : "predict";
        List<String> args = new ArrayList<>(c.args().subList(1, c.args().size()));
        String[] asGiven = args.toArray(new String[0]);
        if (job.equals("fit")) {
          FitJob.parse(asGiven);
        } else {
          PredictJob.parse(asGiven);
        }
        parsed++;
        boolean runnable = true;
        for (int i = 0; i < args.size(); i++) {
          String a = args.get(i);
          if (i > 0 && WRITES.contains(args.get(i - 1))) {
            // each command its own folders; a later predict reads the latest of that name
            String target = dir.resolve(parsed + "-" + a.replaceAll("[^\\w.-]", "_"))
                .toString();
            written.put(a, target);
            args.set(i, target);
          } else if (a.startsWith("../shared/")) {
            args.set(i, shared.resolve(a.substring("../shared/".length())).toString());
          } else if (written.containsKey(a)) {
            args.set(i, written.get(a));
          } else if (i > 0 && args.get(i - 1).equals("--input")) {
            runnable = false;
          }
        }
        if (!runnable) {
          continue;
        }
        args.add(0, job);
        JobsTest.Outcome o = JobsTest.ok(args.toArray(new String[0]));
        ran++;
        if (c.shownOutput() != null) {
          compare(c, o.out());
          compared++;
        }
      }
    }
    // today: README's and getting-started's tone fit and predict, and grouped.md's npreg fit
    assertTrue(ran >= 4, ran + " commands ran");
    assertTrue(compared >= 2, compared + " outputs compared");
    assertTrue(parsed >= ran + 3, parsed + " commands parsed");
  }

  /** The page's output, line by line up to a "..." line, is what the job printed. */
  private static void compare(Command c, String printed) {
    List<String> shown = c.shownOutput().lines().map(String::stripTrailing).toList();
    List<String> got = printed.lines().map(String::stripTrailing).toList();
    for (int i = 0; i < shown.size(); i++) {
      if (shown.get(i).equals("...")) {
        return;
      }
      assertTrue(i < got.size(), c.page() + ": the page shows more lines than the job prints:\n"
          + printed);
      assertEquals(shown.get(i), got.get(i), c.page() + " line " + (i + 1) + " of "
          + String.join(" ", c.args()) + "; the job printed:\n" + printed);
    }
    assertEquals(shown.size(), got.size(), c.page() + ": the job printed more:\n" + printed);
  }

  /** A heading's anchor as GitHub makes it: lower case, punctuation dropped, blanks as '-'. */
  private static String anchor(String heading) {
    return heading.strip().toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
  }

  /**
   * Every relative link of README.md and docs/*.md (outside code blocks) reaches a file and,
   * with a {@code #fragment} into a page, one of its headings; and docs/README.md, the index,
   * lists every page.
   */
  @Test
  void everyLinkReachesItsPageAndHeadingAndTheIndexListsEveryPage() throws IOException {
    Pattern link = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    int checked = 0;
    for (Path page : pages()) {
      String text = BLOCK.matcher(Files.readString(page)).replaceAll("");
      Matcher m = link.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("[a-z]+:.*")) {
          continue;
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path to = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        assertTrue(Files.exists(to), page + " links to " + target + ", which does not exist");
        if (hash >= 0 && to.toString().endsWith(".md")) {
          String wanted = target.substring(hash + 1);
          List<String> anchors = Files.readString(to).lines().filter(l -> l.startsWith("#"))
              .map(l -> anchor(l.replaceFirst("^#+", ""))).toList();
          assertTrue(anchors.contains(wanted), page + " links to " + target + "; " + to
              + " has no such heading: " + anchors);
        }
        checked++;
      }
    }
    assertTrue(checked > 100, checked + " links checked");
    String index = Files.readString(Paths.get("docs/README.md"));
    for (Path page : pages()) {
      String name = page.getFileName().toString();
      if (page.startsWith("docs") && !name.equals("README.md")) {
        assertTrue(index.contains("](" + name + ")"), "docs/README.md does not list " + name);
      }
    }
  }

  @Test
  void gettingStartedGivesPomsJava17Flags() throws IOException {
    String pomText = Files.readString(Paths.get("pom.xml"));
    Matcher pom = Pattern.compile("<spark\\.jvm\\.opens>(.*)</spark\\.jvm\\.opens>")
        .matcher(pomText);
    assertTrue(pom.find());
    Matcher vector = Pattern.compile("<vector\\.jvm\\.module>(.*)</vector\\.jvm\\.module>")
        .matcher(pomText);
    assertTrue(vector.find());
    String page = Files.readString(Paths.get("docs/getting-started.md")).replace("\\\n", " ");
    Matcher java = Pattern.compile("(?m)^java (.*)$").matcher(page);
    assertTrue(java.find(), "getting-started shows a java command line");
    List<String> shown = words(java.group(1)).stream().filter(w -> w.startsWith("-")
        && !w.startsWith("-Dlog4j2") && !w.equals("-cp")).toList();
    List<String> flags = new ArrayList<>(words(pom.group(1)));
    flags.addAll(words(vector.group(1)));
    assertEquals(flags, shown);
  }
}
