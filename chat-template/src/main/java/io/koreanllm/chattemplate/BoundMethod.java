package io.koreanllm.chattemplate;

/** {@code obj.name} where name is a method ({@link Methods}); called by {@link Access#call}. */
record BoundMethod(Object self, String name) {}
