-- Create books table
--
-- Revision ID: 2c80e1340ab4
-- Revises: 9a5b6b2126cd
-- Branch Labels:
-- Depends On:
-- Create Date: 2026-01-12 09:31:47.002911
-- Transactional: true

-- migrate:upgrade
CREATE TABLE books (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES authors (id),
    title TEXT NOT NULL,
    isbn TEXT UNIQUE,
    published INTEGER,
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
);

-- migrate:downgrade
DROP TABLE books;
