-- Every request is a search the server has not answered before (a random extra parameter), so this measures
-- the search itself, not the response cache: common words, rare words, names, phrases and a word that is not
-- there.
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

-- The BENCH line of latency.lua (wrk runs from the repository's root: bench/run.py sets it).
dofile("bench/latency.lua")
