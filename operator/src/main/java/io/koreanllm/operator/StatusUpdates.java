package io.koreanllm.operator;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.koreanllm.operator.api.Conditions;
import io.koreanllm.operator.api.ResourceStatus;

import java.time.Clock;
import java.util.Objects;

/**
 * How both reconcilers write status: they build the new status on a copy of the current one, and it is
 * patched only when it differs, so reconciling an unchanged resource writes nothing.
 */
public final class StatusUpdates {

  private StatusUpdates() {
  }

  /** A deep copy of {@code status}, or an empty status when there is none yet. */
  public static <S extends ResourceStatus> S copy(S status, Class<S> type) {
    if (status == null) {
      try {
        return type.getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("a status class needs a public no-argument constructor", e);
      }
    }
    return Serialization.clone(status);
  }

  public static <S extends ResourceStatus, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(
      R resource, S status) {
    if (sameJson(resource.getStatus(), status)) {
      return UpdateControl.noUpdate();
    }
    resource.setStatus(status);
    return UpdateControl.patchStatus(resource);
  }

  /**
   * A failed reconcile still tells which generation it looked at and why it failed; JOSDK retries it. The
   * message is the exception's, which never holds a key (keys are only ever in Secret data).
   */
  public static <S extends ResourceStatus, R extends CustomResource<?, S>> ErrorStatusUpdateControl<R> error(
      R resource, S status, Clock clock, Exception e) {
    status.observedGeneration = resource.getMetadata().getGeneration();
    Conditions.set(status, clock, Conditions.READY, false, "ReconcileError",
        Objects.toString(e.getMessage(), e.getClass().getSimpleName()));
    resource.setStatus(status);
    return ErrorStatusUpdateControl.patchStatus(resource);
  }

  private static boolean sameJson(Object a, Object b) {
    return Serialization.asJson(a).equals(Serialization.asJson(b));
  }
}
