-- Each user's time zone (issue 17, "a timezone per user"): an IANA name such as 'Europe/Paris', checked by the
-- API; NULL means "the browser's own zone".
ALTER TABLE users ADD COLUMN IF NOT EXISTS time_zone text;
