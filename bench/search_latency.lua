-- wrk script: print the latency percentiles the search benchmark reports (ms).
done = function(summary, latency, requests)
  io.write(string.format(
    "RESULT requests=%d errors=%d non2xx=%d rps=%.1f p50=%.1f p95=%.1f p99=%.1f max=%.1f\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000))
end
