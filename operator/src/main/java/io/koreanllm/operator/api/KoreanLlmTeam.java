package io.koreanllm.operator.api;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn.Type;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A team of users: limits its members share, on top of each member's own. Members are the KoreanLlmUsers of the
 * same namespace whose {@code spec.team} names it.
 */
@Group(KoreanLlmUser.GROUP)
@Version(KoreanLlmUser.VERSION)
@ShortNames("klt")
@AdditionalPrinterColumn(name = "Display Name", jsonPath = ".spec.displayName", type = Type.STRING)
@AdditionalPrinterColumn(name = "Members", jsonPath = ".status.memberCount", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "TPD", jsonPath = ".spec.limits.tpd", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Monthly", jsonPath = ".spec.limits.monthlyTokens", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Used Today", jsonPath = ".status.usedToday", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Used This Month", jsonPath = ".status.usedThisMonth", type = Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = Type.DATE)
public class KoreanLlmTeam extends CustomResource<KoreanLlmTeamSpec, KoreanLlmTeamStatus> implements Namespaced {

  /**
   * What a user's {@code spec.team} may name: a resource name the policy can hold. The policy allows 63 characters
   * on each side of the {@code /} in {@code <namespace>/<team>}, so a longer team name could never be published.
   */
  public static final String NAME_PATTERN = "^[a-z0-9]([-.a-z0-9]{0,61}[a-z0-9])?$";
}
