-- Every request is a search the server has not answered before (a random extra parameter), so this measures
-- the search itself, not the response cache: common words, rare words, names, phrases and a word that is not
-- there. Prints the same BENCH line as latency.lua.
local terms = {"woonbelang", "voetbalvereniging", "rabobank", "bouwbedrijf", "zorggroep", "onderwijs",
  "cultuurpodium", "dagblad", "woningcorporatie", "ondernemers", "installatiebedrijf", "dorpshuis", "excelsior",
  "adviesbureau", "huisartsen", "natuurmonumenten", "spetter", "voedselbank", "hockeyclub", "kinderopvang",
  "penningmeester", "secretaris", "directeur", "aandelen", "vastgoed", "kerstpakket", "partnerstad", "erelid",
  "noordveen", "zuiddam", "oudwijk", "xyzzy", "stichting", "voorzitter+raad", "de+vries", "%22raad+van+advies%22"}
local counter = 0

init = function(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

request = function()
  counter = counter + 1
  local term = terms[(counter + math.random(#terms)) % #terms + 1]
  return wrk.format("GET", "/search?q=" .. term .. "&r=" .. math.random(1000000000) .. "-" .. counter)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d duration_us=%d errors=%d non2xx=%d p50=%d p95=%d p99=%d\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
