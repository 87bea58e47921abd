package io.koreanllm.archfixture.cycle.b;

import io.koreanllm.archfixture.cycle.a.Order;

/** The other half of the deliberate cycle. */
public class Invoice {

  public Order order() {
    return new Order();
  }
}
