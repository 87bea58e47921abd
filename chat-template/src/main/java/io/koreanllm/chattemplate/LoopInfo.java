package io.koreanllm.chattemplate;

import java.util.List;

/** The {@code loop} variable; one per loop, moved along as it iterates. */
final class LoopInfo {
  private final List<?> items;
  private int index0;

  LoopInfo(List<?> items) {
    this.items = items;
  }

  /** Moves the loop to the item at {@code index0}. */
  void moveTo(int index0) {
    this.index0 = index0;
  }

  Object attr(String name) {
    int n = items.size();
    switch (name) {
      case "index": return (long) index0 + 1;
      case "index0": return (long) index0;
      case "revindex": return (long) n - index0;
      case "revindex0": return (long) n - index0 - 1;
      case "first": return index0 == 0;
      case "last": return index0 == n - 1;
      case "length": return (long) n;
      case "depth": return 1L;
      case "depth0": return 0L;
      case "previtem": return index0 > 0 ? items.get(index0 - 1) : new Undefined("there is no previous item");
      case "nextitem": return index0 < n - 1 ? items.get(index0 + 1) : new Undefined("there is no next item");
      default: return Undefined.attr(this, name);
    }
  }

  /** loop.cycle(a, b, ...): the argument at this index, round robin. */
  Object cycle(Args args) {
    if (args.pos.length == 0) {
      throw new EvalError("no items for cycling given");
    }
    return args.pos[index0 % args.pos.length];
  }
}
