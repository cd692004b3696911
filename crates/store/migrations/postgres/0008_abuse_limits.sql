-- Attempt counters for rate limits (logins, signups): one row per key and fixed window,
-- bumped and read in one statement so that parallel requests cannot all slip under a limit.
CREATE TABLE rate_counters (
  key TEXT NOT NULL PRIMARY KEY,
  window_start BIGINT NOT NULL,
  hits BIGINT NOT NULL
);
