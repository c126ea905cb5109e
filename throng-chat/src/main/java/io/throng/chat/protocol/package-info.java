/**
 * The chat wire protocol, versions {@value io.throng.chat.protocol.Codec#V1} (claimed nicknames) and
 * {@value io.throng.chat.protocol.Codec#V2} (the nickname is a login's account): JSON objects with a
 * {@code type}, one per transport frame. The exact rules, with an example of every message, are in
 * {@code docs/chat-protocol.md}; this package is their only implementation.
 *
 * <h2>What is here</h2>
 * <ul>
 *   <li>{@link io.throng.chat.protocol.ClientMessage} and {@link io.throng.chat.protocol.ServerMessage}:
 *       sealed interfaces of records, one record per message type, so a {@code switch} over them is
 *       checked for completeness by the compiler.
 *   <li>{@link io.throng.chat.protocol.Codec}: text ↔ records, by hand over Jackson's tree model and
 *       generator (no data binding, no annotations).
 *   <li>{@link io.throng.chat.protocol.Frame}: a server message encoded once, shared by every
 *       recipient of a fan-out.
 *   <li>{@link io.throng.chat.protocol.Names}: nickname, room and client-id rules.
 *   <li>{@link io.throng.chat.protocol.ErrorCode}: the error codes.
 * </ul>
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li><b>Decoding never throws.</b> Every client frame becomes either a valid
 *       {@link io.throng.chat.protocol.ClientMessage} or an {@code error} message with a code; a record
 *       that exists has passed every syntactic rule (names, sizes, ranges), so the service never
 *       re-validates them.
 *   <li><b>Strict where it matters, lenient where it helps.</b> Unknown types, missing or mistyped
 *       fields, duplicate keys, trailing data, non-integer numbers, oversized frames and texts are
 *       refused. Unknown <em>fields</em> are ignored, so a newer client can add optional fields
 *       without breaking an older server of the same version.
 *   <li><b>Errors do not amplify.</b> An error repeats the request's {@code type}, {@code room} and
 *       {@code cid} only when they are short strings.
 *   <li>Sequence numbers stay below 2<sup>53</sup>, the integers a JavaScript client holds exactly.
 * </ul>
 */
package io.throng.chat.protocol;
