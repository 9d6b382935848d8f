// Live updates: one GraphQL subscription over graphql-transport-ws, and polling instead
// whenever the socket fails (it reconnects with backoff; the first event after a reconnect
// is the current state, so nothing is missed in between).

import { token } from "./api.js";

const PROTOCOL = "graphql-transport-ws";
export const POLL_MS = 5000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30000;
// The server refused this client (bad message, bad or revoked token): retrying cannot help.
const REFUSED = new Set([4400, 4401, 4403, 4406]);

export function subscribe(query, variables, { onData, poll }) {
  let socket = null;
  let stopped = false;
  let refused = false;
  let pollTimer = null;
  let retryTimer = null;
  let delay = RETRY_FIRST_MS;

  const send = (message) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  const startPolling = () => {
    if (!pollTimer && !stopped) pollTimer = setInterval(poll, POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = null;
  };

  function connect() {
    const url = new URL("/graphql", window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    socket = new WebSocket(url, PROTOCOL);
    socket.onopen = () => send({ type: "connection_init",
      payload: { Authorization: `Bearer ${token() || ""}` } });
    socket.onmessage = (event) => received(JSON.parse(event.data));
    socket.onclose = (event) => {
      socket = null;
      if (!stopped && !refused) failed(event.code);
    };
  }

  function received(message) {
    if (message.type === "connection_ack") {
      send({ id: "1", type: "subscribe", payload: { query, variables } });
    } else if (message.type === "ping") {
      send({ type: "pong" });
    } else if (message.type === "next" && message.payload?.data) {
      delay = RETRY_FIRST_MS;
      stopPolling();
      onData(message.payload.data);
    } else if (message.type === "error" || message.type === "complete") {
      refused = true; // e.g. too many subscriptions: polling carries on alone
      startPolling();
      socket?.close(1000);
    }
  }

  function failed(code) {
    startPolling();
    if (REFUSED.has(code)) return;
    retryTimer = setTimeout(connect, delay);
    delay = Math.min(delay * 2, RETRY_MAX_MS);
  }

  connect();
  return function stop() {
    stopped = true;
    stopPolling();
    clearTimeout(retryTimer);
    send({ id: "1", type: "complete" });
    socket?.close(1000);
  };
}
