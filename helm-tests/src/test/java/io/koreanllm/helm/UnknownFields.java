package io.koreanllm.helm;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The fields of a parsed Kubernetes object that its fabric8 type does not know. fabric8 keeps them in
 * additionalProperties instead of failing, so a misspelt `readinesProbe` would parse silently; the API server
 * would drop it just as silently.
 */
final class UnknownFields {

  private static final String MODEL_PACKAGE = "io.fabric8.kubernetes.api.model";

  private UnknownFields() {
  }

  static List<String> in(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, object.getClass().getSimpleName(), found);
    return found;
  }

  private static void walk(Object value, String path, List<String> found) {
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        walk(item, path + "[" + index++ + "]", found);
      }
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((key, item) -> walk(item, path + "." + key, found));
    } else if (value != null && value.getClass().getName().startsWith(MODEL_PACKAGE)) {
      for (Method getter : value.getClass().getMethods()) {
        if (getter.getParameterCount() == 0 && !Modifier.isStatic(getter.getModifiers())
            && getter.getName().startsWith("get") && getter.getDeclaringClass().getName().startsWith(MODEL_PACKAGE)) {
          Object field = invoke(getter, value);
          if (getter.getName().equals("getAdditionalProperties")) {
            ((Map<?, ?>) field).keySet().forEach(key -> found.add(path + "." + key));
          } else {
            walk(field, path + "." + getter.getName().substring(3), found);
          }
        }
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException(getter + " of " + target.getClass(), e);
    }
  }
}
