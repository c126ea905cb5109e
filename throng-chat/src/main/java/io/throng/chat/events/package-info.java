/**
 * The chat's JFR events ({@code throng.ChatStoreCommit}, {@code throng.ChatFanOut},
 * {@code throng.ChatSlowConsumer}): one class, internal to the module, called by one line at each site
 * (the stores' commit, a room's fan-out, an outbox's slow-consumer close). docs/operations.md lists them.
 */
package io.throng.chat.events;
