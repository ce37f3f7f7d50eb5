-- communique store, schema version 1 (the current full schema; migrations.py upgrades older files)
--
-- Conventions: one row per extraction, keyed by (article_id, idx) where idx is the position in
-- the extraction record's list; character offsets are `start` / "end" (end is a SQL keyword:
-- quote it); dates are DATE, with the text as extracted in date_text when it can be partial
-- ("2025-03", "2025-W12"); lists and nested dicts are JSON; `extra` JSON keeps record keys the
-- schema has no column for, so an additive key in records.py is never lost.
-- No foreign keys: they would slow the per-article load and block the replace-by-id path;
-- Store.add keeps the tables consistent inside one transaction instead.

CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
);

-- ---------------------------------------------------------------- per article (Store.add)

CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    hash VARCHAR NOT NULL UNIQUE,
    url VARCHAR,
    title VARCHAR,
    outlet VARCHAR,
    pub_date DATE,
    pub_date_source VARCHAR,            -- given | metadata | url | dateline | inferred
    pub_date_confidence DOUBLE,
    language VARCHAR,
    source VARCHAR,                     -- the input it came from (file, URL, feed)
    text VARCHAR NOT NULL,
    duplicate_of VARCHAR,               -- id of the article this one is a near-copy of
    ingested_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS paragraphs (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS sentences (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS dropped_spans (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    start INTEGER,
    "end" INTEGER,
    reason VARCHAR,
    text VARCHAR,
    extra JSON
);

-- One row per actor across the whole store; id = kb_id when the KB knows it, else the name.
CREATE TABLE IF NOT EXISTS actors (
    id VARCHAR PRIMARY KEY,
    canonical VARCHAR NOT NULL,
    kind VARCHAR,                       -- person | state | organisation | group
    country VARCHAR,
    sector VARCHAR,
    code VARCHAR,                       -- CAMEO actor code (USAGOV, RUSMIL, IGOEUREEC, ...)
    kb_id VARCHAR,
    first_seen DATE
);

-- The record's distinct actors of one article (record.actors).
CREATE TABLE IF NOT EXISTS article_actors (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    actor_id VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    code VARCHAR,
    kb_id VARCHAR,
    extra JSON
);

-- Every mention keeps its own ActorRef: a person's code can change with the date of the article.
CREATE TABLE IF NOT EXISTS actor_mentions (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    actor_id VARCHAR,                   -- NULL for anonymous mentions
    name VARCHAR,
    kind VARCHAR,
    country VARCHAR,
    sector VARCHAR,
    code VARCHAR,
    kb_id VARCHAR,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    confidence DOUBLE,
    method VARCHAR,                     -- kb | alias | fuzzy | title | ner | coref | group
    extra JSON
);

CREATE TABLE IF NOT EXISTS timexes (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    type VARCHAR,                       -- DATE | TIME | DURATION | SET
    value VARCHAR,                      -- TIMEX3 value
    date DATE,                          -- value as a day when it names one (or a month/week start)
    extra JSON
);

-- Article-level event mentions. source/target keep the record's value (ActorRef, list or
-- NULL); source_name/source_code are its first party for display and dyadic exports;
-- event_participants has one row per party for actor queries.
CREATE TABLE IF NOT EXISTS events (
    id VARCHAR NOT NULL,                -- "<article_id>:<idx>"
    num BIGINT NOT NULL,                -- stable integer id (GDELT GLOBALEVENTID style)
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    type VARCHAR,                       -- coarse type: consult | agree | propose | ...
    cameo VARCHAR,
    root_code VARCHAR,                  -- first two digits of cameo
    plover VARCHAR,
    goldstein DOUBLE,
    quad_class INTEGER,
    source JSON,
    target JSON,
    source_name VARCHAR,
    source_code VARCHAR,
    target_name VARCHAR,
    target_code VARCHAR,
    issue JSON,
    modality VARCHAR,                   -- asserted | negated | planned | hypothetical | ...
    date DATE,
    date_text VARCHAR,
    date_precision VARCHAR,             -- day | month | year | week | approximate
    evidence_text VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_sentence INTEGER,
    in_quote BOOLEAN,
    reporter JSON,
    trigger JSON,
    confidence DOUBLE,
    extra JSON
);

CREATE TABLE IF NOT EXISTS event_participants (
    article_id VARCHAR NOT NULL,
    event_idx INTEGER NOT NULL,
    event_num BIGINT NOT NULL,          -- events.num: an integer join key, cheaper than two
    role VARCHAR NOT NULL,              -- source | target
    pos INTEGER NOT NULL,               -- position in a multi-party list
    actor_id VARCHAR,
    name VARCHAR,
    kind VARCHAR,
    country VARCHAR,
    code VARCHAR
);

CREATE TABLE IF NOT EXISTS quotes (
    article_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    text VARCHAR,
    start INTEGER,
    "end" INTEGER,
    kind VARCHAR,                       -- direct | partial | indirect
    speaker JSON,
    speaker_id VARCHAR,                 -- actors.id; NULL when anonymous
    speaker_name VARCHAR,
    speaker_code VARCHAR,
    speaker_kind VARCHAR,
    speaker_description VARCHAR,
    cue VARCHAR,
    medium VARCHAR,
    addressee JSON,
    date DATE,
    date_text VARCHAR,
    date_precision VARCHAR,
    extra JSON
);

-- ---------------------------------------------------------------- across articles (issue 7)

-- One real-world event reported by one or more articles.
CREATE TABLE IF NOT EXISTS linked_events (
    id VARCHAR PRIMARY KEY,
    num BIGINT,
    type VARCHAR,
    cameo VARCHAR,
    root_code VARCHAR,
    plover VARCHAR,
    goldstein DOUBLE,
    quad_class INTEGER,
    source JSON,
    target JSON,
    source_name VARCHAR,
    source_code VARCHAR,
    target_name VARCHAR,
    target_code VARCHAR,
    issue JSON,
    modality VARCHAR,
    date DATE,
    date_precision VARCHAR,
    first_report DATE,
    last_report DATE,
    n_mentions INTEGER,                 -- event mentions linked
    n_articles INTEGER,                 -- distinct articles, wire copies counted once
    n_sources INTEGER,                  -- distinct outlets
    initiative_id VARCHAR,
    confidence DOUBLE,
    extra JSON
);

CREATE TABLE IF NOT EXISTS event_links (
    linked_event_id VARCHAR NOT NULL,
    article_id VARCHAR NOT NULL,
    event_idx INTEGER NOT NULL,
    is_copy BOOLEAN,                    -- the article is a wire copy of another linked one
    score DOUBLE
);

CREATE TABLE IF NOT EXISTS initiatives (
    id VARCHAR PRIMARY KEY,
    label VARCHAR NOT NULL,
    type VARCHAR,                       -- ceasefire | force | guarantees | aid | sanctions | ...
    status VARCHAR,                     -- latest step's status
    parties JSON,
    scope VARCHAR,
    duration VARCHAR,
    amount DOUBLE,
    currency VARCHAR,
    target VARCHAR,
    first_seen DATE,
    last_seen DATE,
    attributes JSON,
    extra JSON
);

CREATE TABLE IF NOT EXISTS initiative_steps (
    initiative_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    status VARCHAR NOT NULL,            -- proposed | accepted | rejected | conditions | signed | ...
    date DATE,
    date_precision VARCHAR,
    actor JSON,
    actor_name VARCHAR,
    actor_code VARCHAR,
    counterpart JSON,                   -- e.g. the party a violation is alleged against
    counterpart_name VARCHAR,
    article_id VARCHAR,
    event_idx INTEGER,
    quote_idx INTEGER,
    linked_event_id VARCHAR,
    evidence_text VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    extra JSON
);

-- One row per piece of stance evidence; the current stance is the latest row per actor x issue.
CREATE TABLE IF NOT EXISTS stances (
    actor_id VARCHAR,
    actor_name VARCHAR NOT NULL,
    actor_code VARCHAR,
    issue_id VARCHAR NOT NULL,
    issue VARCHAR,
    position VARCHAR NOT NULL,          -- supports | opposes | conditional | undecided
    date DATE,
    date_precision VARCHAR,
    initiative_id VARCHAR,
    article_id VARCHAR,
    event_idx INTEGER,
    quote_idx INTEGER,
    evidence_text VARCHAR,
    evidence_start INTEGER,
    evidence_end INTEGER,
    extra JSON
);

CREATE TABLE IF NOT EXISTS contradictions (
    id VARCHAR PRIMARY KEY,
    kind VARCHAR,                       -- accept_decline | readouts | denial | violation | ...
    description VARCHAR,
    actor JSON,
    initiative_id VARCHAR,
    a_article_id VARCHAR,
    a_event_idx INTEGER,
    a_quote_idx INTEGER,
    a_date DATE,
    a_text VARCHAR,
    a_start INTEGER,
    a_end INTEGER,
    b_article_id VARCHAR,
    b_event_idx INTEGER,
    b_quote_idx INTEGER,
    b_date DATE,
    b_text VARCHAR,
    b_start INTEGER,
    b_end INTEGER,
    extra JSON
);
