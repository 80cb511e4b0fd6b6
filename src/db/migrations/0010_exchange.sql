-- Exchange files: for each record that went through an export or an import, the content hash
-- both computers agreed on then. An import compares it with the record's hash here and in the
-- file to tell "changed there", "changed here" and "changed on both sides" apart.
-- `kind` is the table name; `key` the record's identity (a JSON array of its key values).

CREATE TABLE exchange_base (
    kind TEXT NOT NULL,
    key  TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
