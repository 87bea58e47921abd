package io.koreanllm.operator;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a generated CRD's printer columns in the order the resource class declares them. The CRD generator sorts
 * them by JSON path, so {@code kubectl get} would show Age first; the columns are moved as whole text blocks, so
 * everything else stays byte for byte as generated.
 */
final class PrinterColumnOrder {

  private static final String LIST = "  - additionalPrinterColumns:\n";
  private static final Pattern NAME = Pattern.compile("(?m)^      name: \"([^\"]*)\"$");

  private PrinterColumnOrder() {
  }

  static String apply(String crd, Class<?> resource) {
    List<String> declared = Arrays.stream(resource.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    int start = crd.indexOf(LIST);
    if (start < 0 || declared.isEmpty()) {
      return crd;
    }
    int from = start + LIST.length();
    int to = from;
    List<String> columns = new ArrayList<>();
    while (crd.startsWith("    - ", to)) {
      int end = crd.indexOf("\n    - ", to + 1);
      int next = crd.indexOf("\n    name: ", to);
      int stop = (end < 0 || (next >= 0 && next < end)) ? next + 1 : end + 1;
      columns.add(crd.substring(to, stop));
      to = stop;
    }
    columns.sort(Comparator.comparingInt(column -> declared.indexOf(name(column))));
    return crd.substring(0, from) + String.join("", columns) + crd.substring(to);
  }

  private static String name(String column) {
    Matcher matcher = NAME.matcher(column);
    if (!matcher.find()) {
      throw new IllegalStateException("a printer column without a name: " + column);
    }
    return matcher.group(1);
  }
}
