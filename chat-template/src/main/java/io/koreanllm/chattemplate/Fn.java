package io.koreanllm.chattemplate;

/** Something callable from a template: a macro or a global function. */
interface Fn {
  Object call(Args args);
}
