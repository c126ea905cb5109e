// Chromium's own WebSocket (the page's, not a library's) against a Throng echo server.
// Usage: node websocket.mjs ws://127.0.0.1:PORT/echo
// Prints what the page saw, one "key=value" line each; the Java test judges it. Every wait has a deadline.
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

const [url] = process.argv.slice(2);
// The page needs a loopback http origin: Chromium's local-network-access checks block about:blank from
// opening connections to 127.0.0.1. An empty page from node's own http module is enough.
const origin = createServer((req, res) => res.end('<!DOCTYPE html><title>ws</title>'));
await new Promise((resolve) => origin.listen(0, '127.0.0.1', resolve));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('http://127.0.0.1:' + origin.address().port + '/');
  const seen = await page.evaluate(async (url) => {
    const deadline = (ms, what) => new Promise((_, reject) => setTimeout(() => reject(new Error('timed out: ' + what)), ms));
    const open = () => Promise.race([deadline(15000, 'open'), new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.binaryType = 'arraybuffer';
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new Error('could not open ' + url));
    })]);
    const next = (ws) => Promise.race([deadline(15000, 'message'), new Promise((resolve, reject) => {
      ws.onmessage = (e) => resolve(e.data);
      ws.onclose = (e) => reject(new Error('closed while waiting for a message: ' + e.code + ' ' + e.reason));
    })]);
    const closed = (ws) => Promise.race([deadline(15000, 'close'), new Promise((resolve) => {
      ws.onclose = (e) => resolve(e.code + ' ' + e.wasClean + ' ' + e.reason);
    })]);
    const sameBytes = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);

    const out = {};
    const ws = await open();
    out.extensions = ws.extensions;
    ws.send('héllo 😀');
    out.text = await next(ws);

    const small = Uint8Array.from({ length: 256 }, (_, i) => i);
    ws.send(small.buffer);
    const smallBack = await next(ws);
    out.binaryIsArrayBuffer = smallBack instanceof ArrayBuffer;
    out.binaryOk = sameBytes(new Uint8Array(smallBack), small);

    // 1 MiB of noise (deflate cannot shrink it) and ~1 MiB of text (it can, a lot).
    const big = new Uint8Array(1 << 20);
    let x = 1;
    for (let i = 0; i < big.length; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      big[i] = x >>> 24;
    }
    ws.send(big.buffer);
    out.bigBinaryOk = sameBytes(new Uint8Array(await next(ws)), big);
    const bigText = 'compressible text, κόσμε '.repeat(42000);
    ws.send(bigText);
    out.bigTextOk = (await next(ws)) === bigText;

    const clientClosed = closed(ws);
    ws.close(4000, 'client bye');
    out.clientClose = await clientClosed;

    const ws2 = await open();
    const serverClosed = closed(ws2);
    ws2.send('close-me');
    out.serverClose = await serverClosed;
    return out;
  }, url);
  seen.pageErrors = errors.join(' | ');
  for (const [k, v] of Object.entries(seen)) console.log(k + '=' + v);
} finally {
  await browser.close();
  origin.close();
}
