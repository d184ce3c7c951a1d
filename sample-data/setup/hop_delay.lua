-- The gateway's own network hop: haproxy holds each request for as long as one trip
-- takes before passing it on (`http-request lua.hop_delay <ms>`). core.msleep yields:
-- other requests go on meanwhile.
core.register_action("hop_delay", { "http-req" }, function(txn, ms)
    core.msleep(tonumber(ms))
end, 1)
