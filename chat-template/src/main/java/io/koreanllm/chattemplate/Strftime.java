package io.koreanllm.chattemplate;

import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's strftime with the C locale, for transformers' strftime_now; "%-d" style flags (glibc) drop the padding. */
final class Strftime {
  private Strftime() {}

  static String format(ZonedDateTime t, String format) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 == format.length()) {
        sb.append(c);
        continue;
      }
      char code = format.charAt(++i);
      boolean pad = true;
      if (code == '-' && i + 1 < format.length()) {
        pad = false;
        code = format.charAt(++i);
      }
      int hour12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
      switch (code) {
        case 'Y' -> sb.append(t.getYear());
        case 'y' -> sb.append(num(t.getYear() % 100, 2, pad));
        case 'm' -> sb.append(num(t.getMonthValue(), 2, pad));
        case 'd' -> sb.append(num(t.getDayOfMonth(), 2, pad));
        case 'e' -> sb.append(pad && t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
        case 'j' -> sb.append(num(t.getDayOfYear(), 3, pad));
        case 'H' -> sb.append(num(t.getHour(), 2, pad));
        case 'I' -> sb.append(num(hour12, 2, pad));
        case 'M' -> sb.append(num(t.getMinute(), 2, pad));
        case 'S' -> sb.append(num(t.getSecond(), 2, pad));
        case 'f' -> sb.append(num(t.getNano() / 1000, 6, true));
        case 'p' -> sb.append(t.getHour() < 12 ? "AM" : "PM");
        case 'a' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'A' -> sb.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.US));
        case 'b', 'h' -> sb.append(t.getMonth().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'B' -> sb.append(t.getMonth().getDisplayName(TextStyle.FULL, Locale.US));
        case 'u' -> sb.append(t.getDayOfWeek().getValue());
        case 'w' -> sb.append(t.getDayOfWeek().getValue() % 7);
        case 'z' -> sb.append(t.getOffset().getId().equals("Z") ? "+0000" : t.getOffset().getId().replace(":", ""));
        case 'Z' -> sb.append(t.getZone().getDisplayName(TextStyle.SHORT, Locale.US));
        case 'F' -> sb.append(format(t, "%Y-%m-%d"));
        case 'T', 'X' -> sb.append(format(t, "%H:%M:%S"));
        case 'D', 'x' -> sb.append(format(t, "%m/%d/%y"));
        case 'R' -> sb.append(format(t, "%H:%M"));
        case 'c' -> sb.append(format(t, "%a %b %e %H:%M:%S %Y"));
        case '%' -> sb.append('%');
        default -> sb.append('%').append(pad ? "" : "-").append(code);
      }
    }
    return sb.toString();
  }

  private static String num(int n, int width, boolean pad) {
    String s = Integer.toString(n);
    return pad && s.length() < width ? "0".repeat(width - s.length()) + s : s;
  }
}
