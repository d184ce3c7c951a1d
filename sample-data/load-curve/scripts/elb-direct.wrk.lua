wrk.method = "GET"

-- Written by gatebench (docs/experiment-format.md, "wrk"). The request as the
-- experiment sets it, and at the end the whole latency distribution, printed once
-- after the measurement, so that the run costs wrk nothing more per request.
--
-- wrk records latency in microseconds, one bucket per microsecond: `latency(i)`
-- is the value and count of the i-th non-empty bucket, `#latency` their number.
-- Neighbouring values are gathered at HdrHistogram's resolution of three
-- significant digits, and printed as a table of wrk2's shape (value in ms,
-- percentile, cumulative count) under a header of its own, which gatebench reads
-- with the run.

done = function(summary, latency, requests)
  local total = 0
  for i = 1, #latency do
    local _, count = latency(i)
    total = total + count
  end
  if total == 0 then return end
  io.write("  Latency distribution (wrk done(), gatebench):\n")
  io.write("       Value   Percentile   TotalCount 1/(1-Percentile)\n\n")
  local seen, bucket, top, pending = 0, -1, 0, 0
  local function flush()
    if pending == 0 then return end
    seen = seen + pending
    pending = 0
    local q = seen / total
    local inv = q < 1 and string.format("%12.2f", 1 / (1 - q)) or "         inf"
    io.write(string.format("%12.3f %12.6f %12d %s\n", top / 1000, q, seen, inv))
  end
  for i = 1, #latency do
    local value, count = latency(i)
    -- value's bucket at three significant digits; the row holds its largest value.
    local unit = 1
    while value >= 1000 * unit do unit = unit * 10 end
    local b = math.floor(value / unit) * unit
    if b ~= bucket then
      flush()
      bucket = b
    end
    top = value
    pending = pending + count
  end
  flush()
  io.write(string.format("#[Mean    = %12.3f, StdDeviation   = %12.3f]\n",
    latency.mean / 1000, latency.stdev / 1000))
  io.write(string.format("#[Max     = %12.3f, Total count    = %12d]\n",
    latency.max / 1000, total))
end
