// toxiproxy-node-client, unchanged, against a chaos API: node node-client.mjs API_URL UPSTREAM
// Prints one "ok ..." line per step; any failure exits non-zero with the reason.
import assert from "node:assert/strict";
import pkg from "toxiproxy-node-client";

const { Toxiproxy } = pkg;
const [api, upstream] = process.argv.slice(2);
const toxiproxy = new Toxiproxy(api);

const version = await toxiproxy.getVersion();
assert.match(version, /"version"/);
console.log("ok version", version.trim());

const proxy = await toxiproxy.createProxy({ name: "node", listen: "127.0.0.1:0", upstream });
assert.equal(proxy.name, "node");
assert.doesNotMatch(proxy.listen, /:0$/);
assert.equal(proxy.enabled, true);
console.log("ok create", proxy.listen);

const all = await toxiproxy.getAll();
assert.deepEqual(Object.keys(all), ["node"]);
const got = await toxiproxy.get("node");
assert.equal(got.upstream, upstream);
console.log("ok list and get");

const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream });
assert.equal(disabled.enabled, false);
const enabled = await disabled.update({ enabled: true, listen: proxy.listen, upstream });
assert.equal(enabled.enabled, true);
console.log("ok update");

const latency = await proxy.addToxic({ type: "latency", name: "lag", stream: "downstream", toxicity: 1,
    attributes: { latency: 100, jitter: 5 } });
assert.equal(latency.name, "lag");
assert.deepEqual(latency.attributes, { latency: 100, jitter: 5 });
const updated = await latency.update({ toxicity: 0.5, attributes: { latency: 200, jitter: 5 } });
assert.equal(updated.toxicity, 0.5);
assert.equal(updated.attributes.latency, 200);
const fetched = await proxy.getToxic("lag");
assert.equal(fetched.attributes.latency, 200);
await proxy.addToxic({ type: "bandwidth", name: "bw", stream: "upstream", toxicity: 1, attributes: { rate: 100 } });
await proxy.addToxic({ type: "slicer", name: "slices", stream: "upstream", toxicity: 1,
    attributes: { average_size: 10, size_variation: 2, delay: 5 } });
await proxy.addToxic({ type: "timeout", name: "to", stream: "downstream", toxicity: 1, attributes: { timeout: 0 } });
await proxy.addToxic({ type: "reset_peer", name: "rst", stream: "downstream", toxicity: 0, attributes: { timeout: 0 } });
await proxy.addToxic({ type: "slow_close", name: "sc", stream: "downstream", toxicity: 1, attributes: { delay: 10 } });
await proxy.addToxic({ type: "limit_data", name: "lim", stream: "downstream", toxicity: 1, attributes: { bytes: 1000 } });
for (const name of ["lag", "bw", "slices", "to", "rst", "sc", "lim"]) {
    assert.equal((await proxy.getToxic(name)).name, name);
}
assert.equal((await proxy.getToxic("slices")).attributes.size_variation, 2);
await fetched.remove();
await assert.rejects(proxy.getToxic("lag"), /status code 404/);
console.log("ok toxics");

await assert.rejects(toxiproxy.get("nope"), /status code 404/);
await assert.rejects(toxiproxy.createProxy({ name: "node", listen: "127.0.0.1:0", upstream }), /status code 409/);
console.log("ok refusals");

await toxiproxy.reset();
await assert.rejects(proxy.getToxic("bw"), /status code 404/);
console.log("ok reset");

const populated = await toxiproxy.populate([{ name: "pop", listen: "127.0.0.1:0", upstream }]);
assert.equal(populated["pop"].name, "pop");
console.log("ok populate");

await proxy.remove();
assert.deepEqual(Object.keys(await toxiproxy.getAll()), ["pop"]);
console.log("ok remove");
console.log("all ok");
