package io.koreanllm.helm;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One HTTP request to the Kubernetes API as RBAC sees it: which verb on which resource of which API group, in
 * which namespace, naming which object. Follows the API server's request-info rules: a GET of a collection is list,
 * or watch with watch=true; a GET of one object is get; a subresource is checked as "resource/subresource".
 *
 * @param namespace null for a request across all namespaces
 * @param name      the object named by the path, or by a metadata.name field selector on a list or watch
 */
record ApiRequest(String group, String resource, String verb, String namespace, String name) {

  /** The request, or empty for a non-resource URL (discovery: /api, /apis, /version, which any client may read). */
  static Optional<ApiRequest> parse(String method, String target) {
    URI uri = URI.create(target);
    List<String> path = Arrays.stream(uri.getRawPath().split("/")).filter(s -> !s.isEmpty())
        .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    List<String> rest;
    String group;
    if (path.size() > 2 && path.get(0).equals("api")) {
      group = "";
      rest = path.subList(2, path.size());
    } else if (path.size() > 3 && path.get(0).equals("apis")) {
      group = path.get(1);
      rest = path.subList(3, path.size());
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() > 2) {
      namespace = rest.get(1);
      rest = rest.subList(2, rest.size());
    }
    String resource = rest.get(0) + (rest.size() > 2 ? "/" + rest.get(2) : "");
    String name = rest.size() > 1 ? rest.get(1) : query(uri, "fieldSelector")
        .filter(selector -> selector.startsWith("metadata.name=")).map(selector -> selector.substring(14))
        .orElse(null);
    return Optional.of(new ApiRequest(group, resource, verb(method, rest.size() > 1, uri), namespace, name));
  }

  private static String verb(String method, boolean onOneObject, URI uri) {
    return switch (method) {
      case "GET" -> onOneObject ? "get" : query(uri, "watch").filter("true"::equals).isPresent() ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> onOneObject ? "delete" : "deletecollection";
      default -> throw new IllegalArgumentException("no RBAC verb for " + method);
    };
  }

  private static Optional<String> query(URI uri, String parameter) {
    if (uri.getRawQuery() == null) {
      return Optional.empty();
    }
    return Arrays.stream(uri.getRawQuery().split("&")).filter(p -> p.startsWith(parameter + "="))
        .map(p -> URLDecoder.decode(p.substring(parameter.length() + 1), StandardCharsets.UTF_8)).findFirst();
  }

  /** "group/resource verb", with "core" for the empty group: how the test reports a permission. */
  String permission() {
    return (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb;
  }
}
