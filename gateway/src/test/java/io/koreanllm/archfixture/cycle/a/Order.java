package io.koreanllm.archfixture.cycle.a;

import io.koreanllm.archfixture.cycle.b.Invoice;

/** A deliberate package cycle (a → b → a) that ArchitectureTest's cycle rule must reject. */
public class Order {

  public Invoice invoice() {
    return new Invoice();
  }
}
