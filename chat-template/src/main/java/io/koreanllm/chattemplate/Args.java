package io.koreanllm.chattemplate;

/** Evaluated call arguments: positional, then keyword. */
final class Args {
  static final Args EMPTY = new Args(new Object[0], new String[0], new Object[0]);
  final Object[] pos;
  final String[] names;
  final Object[] named;

  Args(Object[] pos, String[] names, Object[] named) {
    this.pos = pos;
    this.names = names;
    this.named = named;
  }

  /** Python-style binding: the i-th positional argument or the keyword argument {@code name}. */
  Object get(int i, String name, Object dflt) {
    return i < pos.length ? pos[i] : kw(name, dflt);
  }

  Object kw(String name, Object dflt) {
    for (int k = 0; k < names.length; k++) {
      if (names[k].equals(name)) {
        return named[k];
      }
    }
    return dflt;
  }

  /** The same arguments without the first n positional ones (filter/test arguments after a name). */
  Args drop(int n) {
    Object[] rest = new Object[Math.max(0, pos.length - n)];
    System.arraycopy(pos, pos.length - rest.length, rest, 0, rest.length);
    return new Args(rest, names, named);
  }
}
