package io.koreanllm.policy;

import java.util.Map;

/**
 * A team: limits its members share, on top of each member's own. A request must fit both. A user belongs to at
 * most one team ({@link UserPolicy#team()}).
 *
 * @param name        stable id, by the same rule as user names (the operator's {@code <namespace>/<name>})
 * @param displayName name shown to people, Korean allowed; the {@code name} when not given
 * @param description free text, may be null
 * @param limits      the team's limits: {@code rpm}, {@code tpm}, {@code tph}, {@code tpd}, {@code monthlyTokens},
 *                    {@code maxConcurrent}. A field left out is no limit: teams inherit nothing from the defaults
 * @param modelLimits limits per model on top of {@code limits}, with the same fields; sorted, unmodifiable, empty
 *                    when none
 */
public record TeamPolicy(String name, String displayName, String description, Limits limits,
             Map<String, Limits> modelLimits) {

  public TeamPolicy {
    Rules.check("name", Rules.stableName(name));
    displayName = displayName == null ? name : displayName;
    Rules.check("displayName", Rules.displayName(displayName));
    limits = limits == null ? Limits.NONE : limits;
    Rules.check("limits", Rules.sharedLimits(limits));
    modelLimits = ModelLimits.of("modelLimits", modelLimits);
  }
}
