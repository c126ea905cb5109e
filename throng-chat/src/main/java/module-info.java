/**
 * The instant-messaging service: protocol, sessions, room orderers, SQLite history, bounded fan-out,
 * and its web transports.
 */
module io.throng.chat {
    requires transitive io.throng.channels;
    requires transitive io.throng.http;
    requires transitive java.sql; // ChatStore's failures are SQLExceptions
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc; // --store postgresql://...: the shared store of record
    requires com.zaxxer.hikari;   // its connection pool
    requires org.zeromq.jeromq;
    requires HdrHistogram;
    requires org.bouncycastle.provider; // Argon2id (account passwords), not as a JCA provider
    requires jdk.jfr; // io.throng.chat.events (internal): the chat's JFR events

    // ClientMessage, ServerMessage, Codec, Frame, Names, ErrorCode: the chat protocol, one record per message.
    exports io.throng.chat.protocol;
    // ChatService, ChatBackend, Connection, Outbox, ChatConfig: the service a transport talks to.
    exports io.throng.chat.service;
    // MessageLog, RoomRecords, ChatStore, Durability: the rooms' durable history.
    exports io.throng.chat.store;
    // io.throng.chat.store.postgres (the PostgreSQL store) stays inside: ChatServer opens it from a URL.
    // ChatWeb: the page, WebSocket, SSE and long-poll transports as routes of a Router.
    exports io.throng.chat.web;
    // LatencyHistogram: the latency metrics the service keeps (ChatStore.commitLatency), as Prometheus text.
    exports io.throng.chat.metrics;
    // ChatServer, ChatMaster, ChatServerOptions: the whole chat server (one process, a pre-fork worker, or
    // the master with the room service), assembled and closed in order.
    exports io.throng.chat.server;
    // Accounts, Registration, PasswordHasher: accounts, sessions and invites in the chat's store.
    exports io.throng.chat.account;
    // io.throng.chat.cluster (the --workers room service and its links) stays inside: ChatServer assembles it.
}
