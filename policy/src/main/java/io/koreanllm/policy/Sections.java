package io.koreanllm.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The sections of a policy (defaults, teams, users, models) gathered from one or more documents. Each section may
 * come from one document only: merging two lists of users would make it unclear which file is the truth.
 */
final class Sections {

  static final String DEFAULTS = "defaults";
  static final String TEAMS = "teams";
  static final String USERS = "users";
  static final String MODELS = "models";

  private final Problems problems;
  private final Map<String, String> sourceOfSection = new HashMap<>();
  private Defaults defaults = Defaults.BUILT_IN;
  private final List<Located<TeamPolicy>> teams = new ArrayList<>();
  private final List<Located<UserPolicy>> users = new ArrayList<>();
  private final List<Located<ModelRoute>> models = new ArrayList<>();

  Sections(Problems problems) {
    this.problems = problems;
  }

  /**
   * Claims {@code section} for {@code source}, as given by its field {@code field} (the seeds' shape names
   * the defaults section {@code default_limits}). False, after reporting it, when the section was given before.
   */
  boolean claim(String section, String field, String source) {
    String earlier = sourceOfSection.putIfAbsent(section, source);
    if (earlier == null) {
      return true;
    }
    problems.add(source, field, earlier.equals(source)
        ? "gives the " + section + " section a second time in this document"
        : "the " + section + " section is also given in " + earlier + "; give each section in one file only");
    return false;
  }

  void defaults(Defaults defaults) {
    this.defaults = defaults;
  }

  void team(Located<TeamPolicy> team) {
    teams.add(team);
  }

  void user(Located<UserPolicy> user) {
    users.add(user);
  }

  void model(Located<ModelRoute> model) {
    models.add(model);
  }

  /** The policy of all sections, or a {@link PolicyException} with every problem found while reading them. */
  Policy toPolicy() {
    CrossChecks.check(teams, users, models, problems);
    problems.throwIfAny();
    return new Policy(defaults, teams.stream().map(Located::value).toList(),
        users.stream().map(Located::value).toList(), models.stream().map(Located::value).toList());
  }
}
