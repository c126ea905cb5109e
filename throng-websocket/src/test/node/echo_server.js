// Echo server on Node's ws, for interop tests. Prints its port, serves until stdin closes.
// Usage: node echo_server.js [--deflate]. A text message "close-me" makes it close with 4001.
'use strict';
const { WebSocketServer } = require('ws');

const deflate = process.argv.includes('--deflate');
const wss = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 64 * 1024 * 1024,
  perMessageDeflate: deflate ? { threshold: 0 } : false,
});
wss.on('listening', () => console.log(wss.address().port));
wss.on('connection', (ws, req) => {
  ws.on('message', (data, isBinary) => {
    if (!isBinary && data.toString() === 'close-me') {
      ws.close(4001, 'server says bye');
    } else {
      ws.send(data, { binary: isBinary });
    }
  });
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
setTimeout(() => process.exit(0), 120000).unref();
