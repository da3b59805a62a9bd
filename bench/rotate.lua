-- wrk script: request the paths listed in the file $BENCH_PATHS in turn (one per line), so
-- every request of a run is a different page (e.g. a different search), then print the same
-- JSON summary as summary.lua.
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
dofile("bench/summary.lua")
