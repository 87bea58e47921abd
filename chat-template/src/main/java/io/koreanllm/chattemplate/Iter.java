package io.koreanllm.chattemplate;

import java.util.List;

/**
 * The iterator that select, map, reverse, items, unique... return in Python: always truthy, no
 * len(), printed as a generator. (Unlike Python it can be iterated more than once.)
 */
final class Iter {
  final List<Object> items;

  Iter(List<Object> items) {
    this.items = items;
  }
}
