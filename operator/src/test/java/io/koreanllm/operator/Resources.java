package io.koreanllm.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.koreanllm.operator.api.EngineKind;
import io.koreanllm.operator.api.GpuSpec;
import io.koreanllm.operator.api.KoreanLlmTeam;
import io.koreanllm.operator.api.KoreanLlmTeamSpec;
import io.koreanllm.operator.api.KoreanLlmUser;
import io.koreanllm.operator.api.KoreanLlmUserSpec;
import io.koreanllm.operator.api.LlmBackend;
import io.koreanllm.operator.api.LlmBackendSpec;
import io.koreanllm.operator.api.SharedLimits;
import io.koreanllm.operator.api.UserLimits;

import java.util.List;

/** Custom resources as a test would apply them. */
public final class Resources {

  private Resources() {
  }

  public static LlmBackend backend(String name, EngineKind engine, String model, String profile) {
    LlmBackend backend = new LlmBackend();
    backend.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(MockCluster.NAMESPACE).build());
    LlmBackendSpec spec = new LlmBackendSpec();
    spec.engine = engine;
    spec.model = model;
    if (profile != null) {
      spec.gpu = new GpuSpec();
      spec.gpu.profile = profile;
    }
    backend.setSpec(spec);
    return backend;
  }

  public static KoreanLlmUser user(String name, String displayName, int tpm, List<String> models) {
    KoreanLlmUser user = new KoreanLlmUser();
    user.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(MockCluster.NAMESPACE).build());
    KoreanLlmUserSpec spec = new KoreanLlmUserSpec();
    spec.displayName = displayName;
    spec.limits = new UserLimits();
    spec.limits.rpm = 40;
    spec.limits.tpm = tpm;
    spec.limits.tpd = 1_000_000L;
    spec.models = models;
    user.setSpec(spec);
    return user;
  }

  /** A team in {@link MockCluster#NAMESPACE} whose members share a daily and a monthly budget. */
  public static KoreanLlmTeam team(String name, String displayName, long tpd, long monthlyTokens) {
    KoreanLlmTeam team = new KoreanLlmTeam();
    team.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(MockCluster.NAMESPACE).build());
    KoreanLlmTeamSpec spec = new KoreanLlmTeamSpec();
    spec.displayName = displayName;
    spec.limits = new SharedLimits();
    spec.limits.tpd = tpd;
    spec.limits.monthlyTokens = monthlyTokens;
    team.setSpec(spec);
    return team;
  }
}
