package io.koreanllm.policy;

import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.JacksonYAMLParseException;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a policy from YAML or JSON documents and validates it. The sections {@code defaults}, {@code users}
 * and {@code models} may be spread over several files (locally {@code config/users.yaml} and
 * {@code config/models.yaml}), each section in one file. Plain API keys given in a file are hashed while
 * reading; the {@link Policy} never holds them. Every problem of every file is reported together in one
 * {@link PolicyException}. Thread-safe.
 */
public final class PolicyReader {

  // YAML 1.2 is a superset of JSON, so one parser reads both and reports syntax errors the same way.
  // A field given twice in one mapping is an error, not "the last one wins".
  // snakeyaml's default of 3 MB of text stops at about 30,000 users; a policy of 100,000 users is about 10 MB.
  private static final int MAX_DOCUMENT_CODE_POINTS = 128 * 1024 * 1024;
  private static final YAMLMapper MAPPER = YAMLMapper.builder(YAMLFactory.builder()
          // Duplicate keys are left to Jackson (FAIL_ON_READING_DUP_TREE_KEY below), as its defaults do: snakeyaml's
          // own message would quote the key, and a key may be an API key.
          .loadSettings(LoadSettings.builder().setCodePointLimit(MAX_DOCUMENT_CODE_POINTS)
              .setAllowDuplicateKeys(true).build())
          .build())
      .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
      .build();

  // How snakeyaml marks a position in its messages; the line after it quotes the document.
  private static final Pattern YAML_MARK = Pattern.compile("^\\s+in .*, line (\\d+), column (\\d+):$");

  /** Reads and merges the documents in {@code files}; each file's name is the source in problems. */
  public Policy read(Path... files) {
    if (files.length == 0) {
      throw new IllegalArgumentException("no policy file given");
    }
    Problems problems = new Problems();
    Sections sections = new Sections(problems);
    for (Path file : files) {
      String source = file.toString();
      try {
        readInto(Files.readString(file), source, problems, sections);
      } catch (IOException e) {
        problems.add(source, "", "cannot read the file: " + describe(e));
      }
    }
    return sections.toPolicy();
  }

  /** Reads one document held in memory (e.g. a ConfigMap's value); {@code sourceName} names it in problems. */
  public Policy readString(String content, String sourceName) {
    Problems problems = new Problems();
    Sections sections = new Sections(problems);
    readInto(content, sourceName, problems, sections);
    return sections.toPolicy();
  }

  private static void readInto(String content, String source, Problems problems, Sections sections) {
    try {
      // A user's field given twice is found only as the user is read: the users are parsed one at a time.
      new DocumentReader(source, problems, sections).read(ParsedDocument.parse(MAPPER, content));
    } catch (JacksonException e) {
      problems.add(source, "", syntaxProblem(e));
    }
  }

  /**
   * A parser's complaint without any quoted document text: the text could hold a plain API key, and
   * problems end up in logs. Positions are kept, so the place is still easy to find.
   */
  private static String syntaxProblem(JacksonException e) {
    String message = Objects.requireNonNullElse(e.getOriginalMessage(), e.getClass().getSimpleName());
    if (e instanceof JacksonYAMLParseException) {
      StringBuilder problem = new StringBuilder("invalid YAML:");
      for (String line : message.split("\n")) {
        Matcher mark = YAML_MARK.matcher(line);
        if (mark.matches()) {
          problem.append(" at line ").append(mark.group(1)).append(", column ").append(mark.group(2)).append(';');
        } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
          problem.append(' ').append(line); // snakeyaml's own words; indented lines quote the document
        }
      }
      return problem.toString().replaceAll(";$", "");
    }
    TokenStreamLocation location = e.getLocation();
    String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    // The one error reading a tree raises besides syntax: a duplicate field, whose name may be a key.
    return message.startsWith("Duplicate property")
        ? "a field is given twice in the same mapping" + where
        : "cannot parse" + where + ": " + message.lines().findFirst().orElse("");
  }

  private static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text";
    }
    return e.toString();
  }
}
