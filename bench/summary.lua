-- wrk script: ask as a browser does ($BENCH_ACCEPT_ENCODING, from bench/run), and after the
-- run print one JSON line with the figures bench/run needs (wrk's own --latency table has no
-- 95th percentile). Latencies are in microseconds.
local encoding = os.getenv("BENCH_ACCEPT_ENCODING")
if encoding and encoding ~= "" then
  wrk.headers["Accept-Encoding"] = encoding
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "seconds": %.3f, "rps": %.2f, "bytes": %d, ' ..
    '"p50": %d, "p90": %d, "p95": %d, "p99": %d, "max": %d, "mean": %.1f, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, seconds, summary.requests / seconds, summary.bytes,
    latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99), latency.max, latency.mean,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
