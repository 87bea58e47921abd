package io.koreanllm.gateway.quota;

import java.util.Objects;

/**
 * Whose usage one set of limits counts: a user's, a user's on one model, a team's, or a team's on one model. A
 * request counts in every scope that applies to it ({@link QuotaScopes}) and must fit each.
 *
 * @param name  the user's or the team's name
 * @param model the model, for the per-model kinds; null otherwise
 */
public record QuotaScope(Kind kind, String name, String model) {

  public enum Kind {
    USER, USER_MODEL, TEAM, TEAM_MODEL
  }

  public QuotaScope {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    if ((kind == Kind.USER_MODEL || kind == Kind.TEAM_MODEL) != (model != null)) {
      throw new IllegalArgumentException(kind + " scope " + name + ": a model is given exactly for per-model kinds");
    }
  }

  public static QuotaScope user(String user) {
    return new QuotaScope(Kind.USER, user, null);
  }

  public static QuotaScope userOnModel(String user, String model) {
    return new QuotaScope(Kind.USER_MODEL, user, model);
  }

  public static QuotaScope team(String team) {
    return new QuotaScope(Kind.TEAM, team, null);
  }

  public static QuotaScope teamOnModel(String team, String model) {
    return new QuotaScope(Kind.TEAM_MODEL, team, model);
  }

  /** A user's own scopes: only these start the user's cooldown, and a reset of the user forgets them. */
  public boolean isUsers() {
    return kind == Kind.USER || kind == Kind.USER_MODEL;
  }

  /** Korean first, English after, for refusals: {@code 팀 연구팀 (team 연구팀)}, {@code 사용자 kim / korean-qwen (…)}. */
  public String describe() {
    String korean = (isUsers() ? "사용자 " : "팀 ") + name + (model == null ? "" : " / " + model);
    String english = (isUsers() ? "user " : "team ") + name + (model == null ? "" : " on " + model);
    return korean + " (" + english + ")";
  }
}
