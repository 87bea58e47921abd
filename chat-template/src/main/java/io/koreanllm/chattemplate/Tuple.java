package io.koreanllm.chattemplate;

import java.util.AbstractList;

/** An immutable Python tuple; it differs from a list in repr and equality. */
final class Tuple extends AbstractList<Object> {
  private final Object[] items;

  Tuple(Object... items) {
    this.items = items;
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
