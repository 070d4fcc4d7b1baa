-- Saved searches (docs/SEARCH.md, "Saved searches"): a user's named Events search, the query text and the
-- form's filters, kept private or shared with every signed-in user.
CREATE TABLE saved_searches (
  id uuid PRIMARY KEY,
  owner_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  description text,
  -- The search language's text (empty: the filters alone).
  q text NOT NULL DEFAULT '',
  -- The Events page's URL filters (severity, site, time preset or range…), validated by the API.
  filters jsonb NOT NULL DEFAULT '{}'::jsonb,
  shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT saved_searches_owner_name_key UNIQUE (owner_id, name)
);
CREATE INDEX saved_searches_shared_idx ON saved_searches (name) WHERE shared;
