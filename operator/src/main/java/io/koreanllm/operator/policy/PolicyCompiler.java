package io.koreanllm.operator.policy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.policy.Defaults;
import io.koreanllm.policy.Limits;
import io.koreanllm.policy.ModelRoute;
import io.koreanllm.policy.Policy;
import io.koreanllm.policy.PolicyException;
import io.koreanllm.policy.TeamPolicy;
import io.koreanllm.policy.UserPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns every KoreanLlmTeam, KoreanLlmUser and LlmBackend into one {@link Policy}. One bad resource must not take
 * the gateway's policy down with it: a resource whose values are invalid, or that conflicts with one taken
 * before it (a second backend serving the same model name, two users with one display name), is left out
 * and logged; its own status says why. Resources are taken in namespace/name order, so the result does not
 * depend on the order the informers saw them in. Models no backend serves are dropped from a user's list (the
 * gateway then refuses them as not allowed) and from users' and teams' per-model limits (they could not be called
 * anyway). A user whose team is not in the policy stays in it without the team: a missing team must not lock its
 * members out; the user's status says so.
 */
public final class PolicyCompiler {

  private static final Logger LOG = LoggerFactory.getLogger(PolicyCompiler.class);
  private static final Comparator<HasMetadata> BY_NAMESPACE_AND_NAME = Comparator
      .comparing((HasMetadata resource) -> resource.getMetadata().getNamespace())
      .thenComparing(resource -> resource.getMetadata().getName());

  private final Defaults defaults;
  private final Clock clock;

  public PolicyCompiler(Defaults defaults, Clock clock) {
    this.defaults = defaults;
    this.clock = clock;
  }

  public Policy compile(Collection<KoreanLlmTeam> teams, Collection<KoreanLlmUser> users,
      Collection<LlmBackend> backends) {
    List<ModelRoute> models = keep(backends, PolicyEntries::route, tried -> new Policy(defaults, List.of(), tried));
    Set<String> served = models.stream().map(ModelRoute::name).collect(Collectors.toSet());
    List<TeamPolicy> keptTeams = keep(teams, team -> servedOnly(PolicyEntries.team(team), served),
        tried -> new Policy(defaults, tried, List.of(), models));
    Set<String> teamNames = keptTeams.stream().map(TeamPolicy::name).collect(Collectors.toSet());
    List<UserPolicy> keptUsers = keep(users,
        user -> fitted(PolicyEntries.user(user, clock.instant()), served, teamNames),
        tried -> new Policy(defaults, keptTeams, tried, models));
    return new Policy(defaults, keptTeams, keptUsers, models);
  }

  /**
   * Converts resources one by one, keeping each whose entry is valid and fits with those kept before it
   * ({@code check} throws when not). That builds a policy per resource, O(n²) checks: nothing for the few
   * hundred resources of a cluster.
   */
  private static <R extends HasMetadata, E> List<E> keep(Collection<R> resources, Function<R, E> entry,
      Consumer<List<E>> check) {
    List<E> kept = new ArrayList<>();
    resources.stream().sorted(BY_NAMESPACE_AND_NAME).forEach(resource -> {
      try {
        List<E> tried = new ArrayList<>(kept);
        tried.add(entry.apply(resource));
        check.accept(tried);
        kept.add(tried.get(tried.size() - 1));
      } catch (IllegalArgumentException | PolicyException e) {
        LOG.warn("left out of the policy: {} {}/{}: {}", resource.getKind(), resource.getMetadata().getNamespace(),
            resource.getMetadata().getName(), e.getMessage());
      }
    });
    return kept;
  }

  private static TeamPolicy servedOnly(TeamPolicy team, Set<String> served) {
    return new TeamPolicy(team.name(), team.displayName(), team.description(), team.limits(),
        servedOnly(team.modelLimits(), served));
  }

  /** The user with only served models, and without its team when that is not in the policy. */
  private static UserPolicy fitted(UserPolicy user, Set<String> served, Set<String> teams) {
    List<String> models = user.models().stream()
        .filter(model -> UserPolicy.ALL_MODELS.equals(model) || served.contains(model))
        .toList();
    String team = user.team();
    if (team != null && !teams.contains(team)) {
      LOG.warn("user {} is in the policy without its team {}, which is not", user.name(), team);
      team = null;
    }
    return new UserPolicy(user.name(), user.displayName(), user.description(), user.limits(), models, user.keys(),
        user.suspended(), team, user.priority(), servedOnly(user.modelLimits(), served));
  }

  private static Map<String, Limits> servedOnly(Map<String, Limits> modelLimits, Set<String> served) {
    return modelLimits.entrySet().stream().filter(entry -> served.contains(entry.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }
}
