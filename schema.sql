-- schema.sql - the one ceu database (SPEC "Storage").
--
-- Embedded into every binary at build time and run by `ceu init`.  Every
-- statement is idempotent (IF NOT EXISTS), so that running it on an
-- existing database adds what is missing and never drops data; version
-- steps beyond that live in lib/db_schema.c keyed on PRAGMA user_version.
--
-- CHECK lists are written as OR chains, not IN (...): SQLite builds a
-- temporary index for an IN list on every row it inserts.
--
-- Conventions: hours are integer tenths of an hour; dates are TEXT
-- 'YYYY-MM-DD'; timestamps TEXT ISO 8601 UTC; booleans INTEGER 0/1.
-- Nothing is ever deleted: records change status, and every change is
-- journaled (R16).  Every table but meta carries a seal, a keyed MAC of
-- the row made by lib/seal.c, so that a row changed behind ceu's back is
-- found; rows are never deleted, so a table's ids run 1, 2, 3, ... and
-- meta's 'head', signed, says how many there are.

CREATE TABLE IF NOT EXISTS meta (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
) STRICT;

-- R1: a unit is in one city and under one industry authority.
CREATE TABLE IF NOT EXISTS unit (
	code		TEXT PRIMARY KEY CHECK (length(code) = 18),
	name		TEXT NOT NULL CHECK (name <> ''),
	city_code	TEXT NOT NULL CHECK (length(city_code) = 6),
	industry	TEXT NOT NULL CHECK (industry <> ''),
	batch		INTEGER REFERENCES batch(id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
CREATE INDEX IF NOT EXISTS unit_city ON unit(city_code);
CREATE INDEX IF NOT EXISTS unit_industry ON unit(industry);

-- R1: each person belongs to one unit.
CREATE TABLE IF NOT EXISTS person (
	id		INTEGER PRIMARY KEY,
	id_no		TEXT NOT NULL UNIQUE CHECK (length(id_no) = 18),
	name		TEXT NOT NULL CHECK (name <> ''),
	unit_code	TEXT NOT NULL REFERENCES unit(code),
	specialty	TEXT,
	title		TEXT,
	batch		INTEGER REFERENCES batch(id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
CREATE INDEX IF NOT EXISTS person_unit ON person(unit_code);

-- Per-year policy (RULES "Policy defaults"); a year without a key uses the
-- nearest earlier year's value, except the back-fill keys (R7), which
-- belong to the year whose row sets them.
CREATE TABLE IF NOT EXISTS policy (
	year	INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	key	TEXT NOT NULL,
	value	TEXT NOT NULL,
	seal	INTEGER,	-- R16: the row's seal (seal.h)
	PRIMARY KEY (year, key)
) STRICT;

-- Every import run (SPEC "ceu-import": batches).
CREATE TABLE IF NOT EXISTS batch (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL,
	file		TEXT NOT NULL,
	sha256		TEXT NOT NULL,
	source		TEXT,
	added		INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
	unchanged	INTEGER NOT NULL DEFAULT 0 CHECK (unchanged >= 0),
	rejected	INTEGER NOT NULL DEFAULT 0 CHECK (rejected >= 0),
	actor		TEXT NOT NULL,
	at		TEXT NOT NULL,
	undone_at	TEXT,
	undo_reason	TEXT,
	-- The records it made: one run holds the write lock, so they are
	-- the ids first_record..last_record (NULL when it made none).
	first_record	INTEGER,
	last_record	INTEGER,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;

-- R10: the integrated industry systems that deliver hours, by the name
-- that `ceu-import hours --source` gives; compared without regard to
-- case (and blanks trimmed before), so that a spelling cannot load a file
-- twice.
CREATE TABLE IF NOT EXISTS source (
	source		TEXT PRIMARY KEY COLLATE NOCASE CHECK (source <> ''),
	name		TEXT NOT NULL CHECK (name <> ''),
	batch		INTEGER REFERENCES batch(id),
	created_at	TEXT NOT NULL,
	updated_at	TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;

-- R10: a filed training class.
CREATE TABLE IF NOT EXISTS filing (
	filing_no	TEXT PRIMARY KEY CHECK (filing_no <> ''),
	organizer	TEXT NOT NULL,
	title		TEXT NOT NULL,
	subject		TEXT NOT NULL
			CHECK (subject = 'professional' OR
			    subject = 'public_elective'),
	category	TEXT NOT NULL CHECK (category = 'training' OR
			    category = 'self_study' OR category = 'academic' OR
			    category = 'publication' OR
			    category = 'major_work' OR category = 'other'),
	start_date	TEXT NOT NULL,
	end_date	TEXT NOT NULL CHECK (end_date >= start_date),
	hours		INTEGER NOT NULL CHECK (hours > 0),
	batch		INTEGER REFERENCES batch(id),
	created_at	TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;

-- Every hour entry, whatever route brought it.  activity_key is the
-- activity identity of SPEC (R10):
--   filing:<filing_no>            a filed class (roster, integration ref,
--                                 own registration with --filing)
--   source:<name>:<ref>           another integrated record
--   self:<folded title>|<date>    an own registration
--   exam:<year>:study|exam        the public required course (R5)
-- It is computed from the record's own columns, not stored: only the key
-- of an own registration, which folds the title's blanks, is kept, in
-- self_key ('' for every other record).  R10's index holds the identity
-- once, instead of every row carrying it a second time.  The subject and
-- status are kept as the numbers of values.h (enum ceu_subject: 0
-- public_required, 1 public_elective, 2 professional; enum ceu_status: 0
-- pending, 1 approved, 2 rejected, 3 withdrawn, 4 revoked), a byte each
-- on the row and in the indexes, and read by name from the computed
-- columns subject and status.
CREATE TABLE IF NOT EXISTS record (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id),
	year		INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	subject_code	INTEGER NOT NULL CHECK (subject_code BETWEEN 0 AND 2),
	category	TEXT CHECK (category IS NULL OR category = 'training' OR
			    category = 'self_study' OR category = 'academic' OR
			    category = 'publication' OR
			    category = 'major_work' OR category = 'other'),
	hours		INTEGER NOT NULL CHECK (hours > 0),
	title		TEXT NOT NULL,
	date		TEXT NOT NULL,
	end_date	TEXT CHECK (end_date IS NULL OR end_date >= date),
	source		TEXT NOT NULL CHECK (source = 'self' OR
			    source = 'roster' OR source = 'integration' OR
			    source = 'exam'),
	source_name	TEXT,
	filing_no	TEXT REFERENCES filing(filing_no),
	ref		TEXT,
	self_key	TEXT NOT NULL,
	status_code	INTEGER NOT NULL CHECK (status_code BETWEEN 0 AND 4),
	batch		INTEGER REFERENCES batch(id),
	evidence	TEXT,
	late		INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR
			    late = 1),
	-- The subject and status by name, for every query that reads them;
	-- a query that must stay on an index names the codes.
	subject		TEXT GENERATED ALWAYS AS (CASE subject_code
			    WHEN 0 THEN 'public_required'
			    WHEN 1 THEN 'public_elective'
			    WHEN 2 THEN 'professional' END) VIRTUAL,
	status		TEXT GENERATED ALWAYS AS (CASE status_code
			    WHEN 0 THEN 'pending' WHEN 1 THEN 'approved'
			    WHEN 2 THEN 'rejected' WHEN 3 THEN 'withdrawn'
			    WHEN 4 THEN 'revoked' END) VIRTUAL,
	-- When a record was made and changed is in the journal (R16) and
	-- its batch, not repeated on each of millions of rows.
	activity_key	TEXT GENERATED ALWAYS AS (CASE
			    WHEN self_key <> '' THEN self_key
			    WHEN filing_no <> '' THEN 'filing:' || filing_no
			    WHEN source = 'exam' THEN
				'exam:' || year || ':' || coalesce(ref, '')
			    ELSE 'source:' || coalesce(source_name, '') || ':' ||
				coalesce(ref, '') END) VIRTUAL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
-- R10: one activity counts at most once per person.  Rejected, withdrawn
-- and revoked records count for nothing and so do not hold the activity.
-- (status_code <= 1: pending or approved.)
CREATE UNIQUE INDEX IF NOT EXISTS record_activity
	ON record(person_id, activity_key)
	WHERE status_code <= 1;
-- Reports: per-person year totals without touching the table; and a
-- person's records, year by year (record.c's listing).
CREATE INDEX IF NOT EXISTS record_year_person
	ON record(year, person_id, status_code, subject_code, hours);
-- R2a: who passed a year's public required exam: the approved record that
-- R5 credits for the exam (source 'exam', ref 'exam').  Small: one entry
-- a person-year.
CREATE INDEX IF NOT EXISTS record_exam_pass ON record(year, person_id)
	WHERE source = 'exam' AND ref = 'exam' AND status_code = 1;
-- R10 across routes: a person's own registrations of a year, which a
-- roster or integrated record of the same title and date replaces (when
-- pending) or duplicates (when approved).  Own registrations only: small.
CREATE INDEX IF NOT EXISTS record_own ON record(person_id, year)
	WHERE source = 'self';
-- Summaries and deadlines: what is still to audit (R11), and decisions
-- taken late; both are few, so the indexes are small.
CREATE INDEX IF NOT EXISTS record_pending ON record(year, person_id)
	WHERE status_code = 0;
CREATE INDEX IF NOT EXISTS record_late ON record(year, person_id)
	WHERE late = 1;

-- R3, R6: the public required course, by rounds of attempts.
CREATE TABLE IF NOT EXISTS exam_round (
	id		INTEGER PRIMARY KEY,
	person_id	INTEGER NOT NULL REFERENCES person(id),
	year		INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
	round		INTEGER NOT NULL CHECK (round >= 1),
	opened_on	TEXT NOT NULL,
	reason		TEXT,
	studied_on	TEXT,
	seal		INTEGER,	-- R16: the row's seal (seal.h)
	UNIQUE (person_id, year, round)
) STRICT;

CREATE TABLE IF NOT EXISTS exam_attempt (
	id		INTEGER PRIMARY KEY,
	round_id	INTEGER NOT NULL REFERENCES exam_round(id),
	attempt		INTEGER NOT NULL CHECK (attempt >= 1),
	score		INTEGER NOT NULL CHECK (score BETWEEN 0 AND 1000),
	date		TEXT NOT NULL,
	passed		INTEGER NOT NULL CHECK (passed = 0 OR passed = 1),
	batch		INTEGER REFERENCES batch(id),
	created_at	TEXT NOT NULL,
	seal		INTEGER,	-- R16: the row's seal (seal.h)
	UNIQUE (round_id, attempt)
) STRICT;

-- R11: the unit's audit decisions, and R15 revocations.
CREATE TABLE IF NOT EXISTS audit (
	id		INTEGER PRIMARY KEY,
	record_id	INTEGER NOT NULL REFERENCES record(id),
	decision	TEXT NOT NULL
			CHECK (decision = 'approve' OR decision = 'reject' OR
			    decision = 'revoke'),
	reason		TEXT,
	late		INTEGER NOT NULL DEFAULT 0 CHECK (late = 0 OR
			    late = 1),
	actor		TEXT NOT NULL,
	at		TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
CREATE INDEX IF NOT EXISTS audit_record ON audit(record_id);
CREATE INDEX IF NOT EXISTS audit_late ON audit(record_id) WHERE late = 1;

-- R12: certificates (lib/cert.c).  One valid certificate per person, year
-- and kind.  What it printed and signed is kept as printed (name, masked
-- ID and unit name beside the hours, serial and issue date, and the
-- signature of lib/certqr.c), so that a reprint after a person or unit
-- is renamed gives the same page, QR code and verify code.  basis: the
-- approved records it relied on, a JSON array of record ids (the exam
-- pass among them); when one stops counting the certificate is revoked
-- at once (revoked_at, revoke_reason).  The last five columns came with
-- schema 5: a certificate of an older database has none of them.
CREATE TABLE IF NOT EXISTS certificate (
	id		INTEGER PRIMARY KEY,
	serial		TEXT NOT NULL UNIQUE,
	verify_code	TEXT NOT NULL UNIQUE,
	person_id	INTEGER NOT NULL REFERENCES person(id),
	year		INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind = 'public' OR
			    kind = 'completion'),
	public_hours	INTEGER NOT NULL CHECK (public_hours >= 0),
	professional_hours INTEGER NOT NULL CHECK (professional_hours >= 0),
	total_hours	INTEGER NOT NULL CHECK (total_hours >= 0),
	issued_on	TEXT NOT NULL,
	revoked_at	TEXT,
	revoke_reason	TEXT,
	name		TEXT,
	id_masked	TEXT,
	unit_name	TEXT,
	signature	BLOB CHECK (signature IS NULL OR
			    length(signature) = 64),
	basis		TEXT,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
CREATE UNIQUE INDEX IF NOT EXISTS certificate_valid
	ON certificate(person_id, year, kind) WHERE revoked_at IS NULL;

-- R16: who changed what, when; each row's hash covers its fields and the
-- previous row's hash, so that an edit behind ceu's back is detectable.
CREATE TABLE IF NOT EXISTS journal (
	id		INTEGER PRIMARY KEY,
	at		TEXT NOT NULL,
	actor		TEXT NOT NULL,
	action		TEXT NOT NULL,
	entity		TEXT NOT NULL,
	entity_id	TEXT NOT NULL,
	before		TEXT,
	after		TEXT,
	reason		TEXT,
	hash		TEXT NOT NULL,
	seal		INTEGER		-- R16: the row's seal (seal.h)
) STRICT;
CREATE INDEX IF NOT EXISTS journal_at ON journal(at);
