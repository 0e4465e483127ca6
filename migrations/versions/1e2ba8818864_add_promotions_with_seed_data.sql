-- Add promotions with seed data
--
-- Revision ID: 1e2ba8818864
-- Revises: 2a8091e12ecd
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-03-16 10:58:27.651203
-- Transactional: true

-- migrate:upgrade
CREATE TABLE promotions (
    code TEXT PRIMARY KEY,
    description TEXT NOT NULL,
    percent_off INTEGER NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
    valid_until TEXT
);

-- The ';' inside these strings is data, not the end of a statement.
INSERT INTO promotions (code, description, percent_off, valid_until)
VALUES ('SPRING26', 'Spring sale; all paperbacks', 15, '2026-05-31'),
       ('BUY3', 'Buy three; pay for two', 33, NULL);

-- migrate:downgrade
DELETE FROM promotions WHERE code IN ('SPRING26', 'BUY3');
DROP TABLE promotions;
