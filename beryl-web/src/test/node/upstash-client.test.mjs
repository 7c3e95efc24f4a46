// The unmodified @upstash/redis client against Beryl's REST API. UpstashClientIT runs this with
// BERYL_REST_URL (and BERYL_REST_TOKEN when the server has one); any failed check exits non-zero.
import { Redis } from "@upstash/redis";
import assert from "node:assert/strict";

const url = process.env.BERYL_REST_URL;
const token = process.env.BERYL_REST_TOKEN || "no-token-configured";
if (!url) {
  console.error("BERYL_REST_URL is not set");
  process.exit(2);
}

const options = { url, token, retry: false, enableTelemetry: false };
// one request per command (POST /), the client's default base64 response encoding
const redis = new Redis({ ...options, enableAutoPipelining: false });
// the client's defaults: commands issued together are batched into POST /pipeline
const auto = new Redis(options);
// plain UTF-8 responses, no Upstash-Encoding header
const plain = new Redis({ ...options, enableAutoPipelining: false, responseEncoding: false });

const k = (name) => `upstash-it:${process.pid}:${name}`;
let failures = 0;

async function check(name, fn) {
  try {
    await fn();
    console.log(`ok ${name}`);
  } catch (e) {
    failures++;
    console.log(`FAILED ${name}: ${e?.stack ?? e}`);
  }
}

await check("set/get", async () => {
  assert.equal(await redis.set(k("s"), "hello"), "OK");
  assert.equal(await redis.get(k("s")), "hello");
  assert.equal(await redis.get(k("missing")), null);
  assert.equal(await redis.set(k("u"), "héllo ✓ \u0000 end"), "OK");
  assert.equal(await redis.get(k("u")), "héllo ✓ \u0000 end");
  assert.equal(await plain.get(k("u")), "héllo ✓ \u0000 end");
});

await check("set/get json values", async () => {
  await redis.set(k("obj"), { a: 1, b: ["x", true] });
  assert.deepEqual(await redis.get(k("obj")), { a: 1, b: ["x", true] });
  await redis.set(k("num"), 42);
  assert.equal(await redis.get(k("num")), 42);
  await redis.set(k("okstring"), "OK");
  assert.equal(await redis.get(k("okstring")), "OK");
});

await check("set options", async () => {
  assert.equal(await redis.set(k("nx"), "1", { nx: true }), "OK");
  assert.equal(await redis.set(k("nx"), "2", { nx: true }), null);
  assert.equal(await redis.set(k("nx"), "3", { get: true }), 1);
});

await check("incr", async () => {
  assert.equal(await redis.incr(k("counter")), 1);
  assert.equal(await redis.incrby(k("counter"), 41), 42);
  assert.equal(await redis.decr(k("counter")), 41);
  await assert.rejects(redis.incr(k("s")), /ERR value is not an integer or out of range/);
});

await check("mget", async () => {
  await redis.set(k("m1"), "one");
  await redis.set(k("m2"), 2);
  assert.deepEqual(await redis.mget(k("m1"), k("m2"), k("nope")), ["one", 2, null]);
});

await check("del/exists", async () => {
  await redis.set(k("d1"), "x");
  await redis.set(k("d2"), "y");
  assert.equal(await redis.exists(k("d1"), k("d2"), k("nope")), 2);
  assert.equal(await redis.del(k("d1"), k("d2"), k("nope")), 2);
  assert.equal(await redis.exists(k("d1")), 0);
});

await check("expire/ttl", async () => {
  await redis.set(k("e"), "x");
  assert.equal(await redis.ttl(k("e")), -1);
  assert.equal(await redis.expire(k("e"), 100), 1);
  const ttl = await redis.ttl(k("e"));
  assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
  assert.equal(await redis.set(k("ex"), "x", { ex: 50 }), "OK");
  assert.ok((await redis.pttl(k("ex"))) > 45000);
  assert.equal(await redis.persist(k("e")), 1);
  assert.equal(await redis.expire(k("nope"), 10), 0);
});

await check("pipeline", async () => {
  const p = redis.pipeline();
  p.set(k("p"), 1);
  p.incr(k("p"));
  p.get(k("p"));
  p.mget(k("p"), k("nope"));
  p.del(k("p"));
  assert.deepEqual(await p.exec(), ["OK", 2, 2, [2, null], 1]);
});

await check("pipeline with a failing command", async () => {
  await redis.set(k("pf"), "text");
  const build = () => redis.pipeline().get(k("pf")).incr(k("pf")).set(k("pf2"), "v");
  await assert.rejects(build().exec(), /Command 2 \[ incr \] failed: ERR value is not an integer or out of range/);
  const kept = await build().exec({ keepErrors: true });
  assert.deepEqual(kept.map((e) => e.error), [undefined, "ERR value is not an integer or out of range", undefined]);
  assert.equal(kept[0].result, "text");
  assert.equal(await redis.get(k("pf2")), "v"); // the rest of a pipeline still runs
});

await check("multi-exec", async () => {
  const tx = redis.multi();
  tx.set(k("t"), "a");
  tx.incr(k("tc"));
  tx.incr(k("tc"));
  tx.get(k("t"));
  assert.deepEqual(await tx.exec(), ["OK", 1, 2, "a"]);
});

await check("multi-exec discarded as a whole", async () => {
  // DEL without keys is refused while queueing, so nothing runs and the one error is the reason
  const tx = redis.multi().set(k("td"), "a").del();
  await assert.rejects(tx.exec(), /ERR wrong number of arguments for 'del' command/);
  assert.equal(await redis.get(k("td")), null);
});

await check("auto-pipelining", async () => {
  // the client batches concurrent writes into one /pipeline and reads into another, sent side by side, so
  // only the order within each batch is defined: await the writes before reading
  const before = auto.pipelineCounter;
  assert.deepEqual(await Promise.all([auto.set(k("ap"), 10), auto.incr(k("ap")), auto.incrby(k("ap"), 5)]), ["OK", 11, 16]);
  assert.deepEqual(await Promise.all([auto.get(k("ap")), auto.get(k("nope")), auto.exists(k("ap"))]), [16, null, 1]);
  assert.equal(auto.pipelineCounter - before, 2);
});

await check("generic command", async () => {
  assert.equal(await redis.exec(["ECHO", "raw"]), "raw");
  await assert.rejects(redis.exec(["nosuchcommand", "a"]), /ERR unknown command 'nosuchcommand', with args beginning with: 'a'/);
});

await check("ping/echo/type", async () => {
  assert.equal(await redis.ping(), "PONG");
  assert.equal(await redis.echo("hi there"), "hi there");
  await redis.set(k("ty"), "v");
  assert.equal(await redis.type(k("ty")), "string");
});

await check("wrong token", async () => {
  if (!process.env.BERYL_REST_TOKEN) return; // the server is open
  const bad = new Redis({ ...options, token: "wrong", enableAutoPipelining: false });
  await assert.rejects(bad.get(k("s")), /Unauthorized/);
});

await redis.del(...["s", "u", "obj", "num", "okstring", "nx", "counter", "m1", "m2", "e", "ex", "pf", "pf2", "t", "tc", "ap", "ty"].map(k));

if (failures > 0) {
  console.log(`${failures} check(s) failed`);
  process.exit(1);
}
console.log("all checks passed");
