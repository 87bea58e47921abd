#!/usr/bin/env node
// Time to first token and streaming pass-through, direct vs through the gateway (scripts/bench-gateway.sh).
//
//   node ttft-probe.js --direct http://127.0.0.1:8000 --gateway http://127.0.0.1:8080 --body chat-request.json \
//        [--keys sk-a,sk-b] [--requests 200] [--warmup 50]
//
// Sends streaming chat completions one at a time, alternating direct and gateway (each over its own kept-alive
// connection), and times from the request's send to
//   ttft  the first `data:` event carrying content (choices[0].delta.content or choices[0].text, non-empty)
//   span  first to last content event: a response held back and released at once would shrink it to ~0
//   reads the socket reads that carried content events: ~one per token when tokens are passed on as they come
// Prints a human summary and one machine-readable line:
//   TTFT requests=N direct_p50_us= direct_p99_us= gateway_p50_us= gateway_p99_us= added_p50_us= added_p99_us=
//        direct_span_p50_us= gateway_span_p50_us= direct_reads_p50= gateway_reads_p50= buffering=no|yes errors=N
// No npm dependencies: only node's http module.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');

function parseArgs(argv) {
  const args = { requests: 200, warmup: 50, keys: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (argv[i + 1] === undefined) throw new Error(`missing value for ${argv[i]}`);
    args[name] = argv[i + 1];
  }
  for (const required of ['direct', 'gateway', 'body']) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  args.requests = Number(args.requests);
  args.warmup = Number(args.warmup);
  return args;
}

function target(base, keys) {
  const url = new URL('/v1/chat/completions', base);
  const lib = url.protocol === 'https:' ? https : http;
  return { url, lib, keys, agent: new lib.Agent({ keepAlive: true, maxSockets: 1 }), next: 0 };
}

/** One streaming request; resolves with its timings in microseconds, or rejects. */
function send(t, body) {
  return new Promise((resolve, reject) => {
    const headers = { 'Content-Type': 'application/json', 'Content-Length': body.length, Accept: 'text/event-stream' };
    if (t.keys.length > 0) {
      headers.Authorization = `Bearer ${t.keys[t.next]}`;
      t.next = (t.next + 1) % t.keys.length;
    }
    let start;
    let first = null;
    let last = null;
    let reads = 0;
    let pending = '';
    const req = t.lib.request(t.url, { method: 'POST', headers, agent: t.agent }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`HTTP ${res.statusCode} from ${t.url.origin}`));
        return;
      }
      res.setEncoding('utf8');
      res.on('data', (text) => {
        const now = process.hrtime.bigint();
        pending += text;
        let carried = false;
        let end;
        while ((end = pending.search(/\r?\n\r?\n/)) >= 0) {
          const event = pending.slice(0, end);
          pending = pending.slice(end).replace(/^\r?\n\r?\n/, '');
          if (hasContent(event)) {
            carried = true;
            if (first === null) first = now;
            last = now;
          }
        }
        if (carried) reads++;
      });
      res.on('end', () => {
        if (first === null) {
          reject(new Error(`no content event from ${t.url.origin}`));
          return;
        }
        resolve({ ttft: us(first - start), span: us(last - first), reads });
      });
      res.on('error', reject);
    });
    req.on('socket', (socket) => socket.setNoDelay(true));
    req.on('error', reject);
    start = process.hrtime.bigint();
    req.end(body);
  });
}

function hasContent(event) {
  for (const line of event.split(/\r?\n/)) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]' || data === '') continue;
    try {
      const choice = (JSON.parse(data).choices || [])[0] || {};
      const content = (choice.delta && choice.delta.content) || choice.text;
      if (content) return true;
    } catch (e) {
      // not JSON: not a content event
    }
  }
  return false;
}

const us = (nanos) => Number(nanos / 1000n);

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const json = JSON.parse(fs.readFileSync(args.body, 'utf8'));
  const body = Buffer.from(JSON.stringify({ ...json, stream: true }));
  const keys = args.keys.split(',').map((k) => k.trim()).filter(Boolean);
  const targets = { direct: target(args.direct, []), gateway: target(args.gateway, keys) };
  const results = { direct: [], gateway: [] };
  let errors = 0;
  for (let i = 0; i < args.warmup + args.requests; i++) {
    // Alternate which goes first, so neither always follows the other.
    const order = i % 2 === 0 ? ['direct', 'gateway'] : ['gateway', 'direct'];
    for (const name of order) {
      try {
        const r = await send(targets[name], body);
        if (i >= args.warmup) results[name].push(r);
      } catch (e) {
        errors++;
        if (errors <= 5) console.error(`ttft-probe: ${name}: ${e.message}`);
      }
    }
  }
  for (const t of Object.values(targets)) t.agent.destroy();

  const stat = (name, field, p) => percentile(results[name].map((r) => r[field]), p);
  const d50 = stat('direct', 'ttft', 50);
  const d99 = stat('direct', 'ttft', 99);
  const g50 = stat('gateway', 'ttft', 50);
  const g99 = stat('gateway', 'ttft', 99);
  const dSpan = stat('direct', 'span', 50);
  const gSpan = stat('gateway', 'span', 50);
  const dReads = stat('direct', 'reads', 50);
  const gReads = stat('gateway', 'reads', 50);
  // Held back: the gateway's tokens arrive in far fewer reads, or all at once, where the direct ones trickle in.
  const buffering = gReads < 0.5 * dReads || gSpan < 0.5 * dSpan;
  const ms = (v) => (v / 1000).toFixed(2);
  console.log(`time to first token over ${results.gateway.length} streaming requests each (sequential, alternating):`);
  console.log(`  direct  p50 ${ms(d50)} ms  p99 ${ms(d99)} ms`);
  console.log(`  gateway p50 ${ms(g50)} ms  p99 ${ms(g99)} ms`);
  console.log(`  added   p50 ${ms(g50 - d50)} ms  p99 ${ms(g99 - d99)} ms`);
  console.log(`first→last token: direct p50 ${ms(dSpan)} ms in ${dReads} reads, gateway p50 ${ms(gSpan)} ms in ${gReads} reads`
    + ` → ${buffering ? 'BUFFERED (tokens held back)' : 'streamed as generated, no buffering'}`);
  console.log(`TTFT requests=${results.gateway.length} direct_p50_us=${d50} direct_p99_us=${d99} gateway_p50_us=${g50}`
    + ` gateway_p99_us=${g99} added_p50_us=${g50 - d50} added_p99_us=${g99 - d99} direct_span_p50_us=${dSpan}`
    + ` gateway_span_p50_us=${gSpan} direct_reads_p50=${dReads} gateway_reads_p50=${gReads}`
    + ` buffering=${buffering ? 'yes' : 'no'} errors=${errors}`);
  process.exitCode = errors > 0 ? 2 : 0;
}

main().catch((e) => {
  console.error(`ttft-probe: ${e.message}`);
  process.exit(1);
});
