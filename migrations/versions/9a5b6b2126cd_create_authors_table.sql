-- Create authors table
--
-- Revision ID: 9a5b6b2126cd
-- Revises:
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-01-12 09:14:03.518204
-- Transactional: true

-- migrate:upgrade
CREATE TABLE authors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    born INTEGER,
    country TEXT
);

-- migrate:downgrade
DROP TABLE authors;
