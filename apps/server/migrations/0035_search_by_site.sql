-- Free text narrowed by site (docs/SEARCH.md, "Performance notes"): the search index keeps each event's
-- site, so that a word searched with a site intersects the word's index entries with the site's before
-- any event is read (10M events: 7.8 s for a frequent word and a site, the word's 2M matches each joined
-- to its event to test the site). Rows indexed before this migration have no site (NULL): searches take
-- them as possible matches and test the site on the event, as before, until retention drops their day.
ALTER TABLE event_search ADD COLUMN site_id text;
CREATE INDEX event_search_site_idx ON event_search (site_id);
