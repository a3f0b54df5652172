-- wrk script for `cargo xtask bench-mock`: InitiateAuth USER_PASSWORD_AUTH, the users
-- taken in turn, against the pool and app client the xtask provisioned.
--
--   BENCH_CLIENT_ID=... BENCH_USER_PREFIX=bench-user- BENCH_USERS=64 BENCH_PASSWORD=... \
--   wrk -t1 -c16 -d10s -s wrk-signin.lua http://127.0.0.1:PORT/
--
-- `done` prints one line starting with WRK_RESULT and a JSON object the xtask parses.

local client_id = os.getenv("BENCH_CLIENT_ID") or error("BENCH_CLIENT_ID is not set")
local prefix = os.getenv("BENCH_USER_PREFIX") or "bench-user-"
local users = tonumber(os.getenv("BENCH_USERS") or "1")
local password = os.getenv("BENCH_PASSWORD") or error("BENCH_PASSWORD is not set")

local headers = {
  ["Content-Type"] = "application/x-amz-json-1.1",
  ["X-Amz-Target"] = "AWSCognitoIdentityProviderService.InitiateAuth",
}

-- Prebuilt requests, one per user: request() then only picks the next one.
local requests = {}
local next_index = 0

init = function(args)
  for i = 0, users - 1 do
    local body = string.format(
      '{"AuthFlow":"USER_PASSWORD_AUTH","ClientId":"%s","AuthParameters":{"USERNAME":"%s%d","PASSWORD":"%s"}}',
      client_id, prefix, i, password)
    requests[i] = wrk.format("POST", "/", headers, body)
  end
end

request = function()
  local r = requests[next_index]
  next_index = (next_index + 1) % users
  return r
end

done = function(summary, latency, _requests)
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"non2xx":%d,"connect_errors":%d,' ..
    '"read_errors":%d,"write_errors":%d,"timeouts":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, summary.errors.status, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max))
end
